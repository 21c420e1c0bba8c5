-- the state of each MEMBERSHIP row before a dry run's first change to it (EXISTED false: the dry run
-- inserted the row), put back when the dry run ends: a dry run leaves the store as it found it
CREATE TABLE MEMBERSHIP_UNDO (
    JOB_INSTANCE_ID BIGINT NOT NULL,
    CDP_ID          VARCHAR(512) NOT NULL,
    AUDIENCE        VARCHAR(512) NOT NULL,
    EXISTED         BOOLEAN NOT NULL,
    MEMBER          BOOLEAN NOT NULL,
    CHANGED_AT      TIMESTAMP WITH TIME ZONE NOT NULL,
    CHANGED_BY      BIGINT NOT NULL,
    WAS_MEMBER      BOOLEAN NOT NULL,
    PRIMARY KEY (JOB_INSTANCE_ID, CDP_ID, AUDIENCE)
);
