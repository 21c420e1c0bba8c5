-- One row per cron trigger that a `schedule` process ran: dispatchers sharing the database on the same
-- schedule run each trigger once, on whichever claims it first.
CREATE TABLE SCHEDULE_TRIGGER (
    SCHEDULE_KEY VARCHAR(64) NOT NULL,
    TRIGGER_AT   TIMESTAMP WITH TIME ZONE NOT NULL,
    OWNER        VARCHAR(256) NOT NULL,
    CLAIMED_AT   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (SCHEDULE_KEY, TRIGGER_AT)
);
