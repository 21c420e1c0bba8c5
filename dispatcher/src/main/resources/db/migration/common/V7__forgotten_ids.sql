-- Forgetting a visitor. Portable SQL (H2 2.x and PostgreSQL 15).
-- The keyed hash (HMAC-SHA256, lower-case hex) of each forgotten user id and CDP id, never the id itself:
-- a later export, users.csv or suppression list that names one is kept out.
CREATE TABLE FORGOTTEN_ID (
    ID_HASH      VARCHAR(64) NOT NULL PRIMARY KEY,
    FORGOTTEN_AT TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The HMAC of a fixed text under the key the hashes were made with: a run under another key is refused
-- instead of letting forgotten ids back in.
CREATE TABLE FORGET_KEY_CHECK (
    NAME       VARCHAR(16) NOT NULL PRIMARY KEY,
    CHECK_HASH VARCHAR(64) NOT NULL
);
-- The forget lists that run and schedule applied (--forget), by name, size and checksum: each is applied once.
CREATE TABLE FORGET_FILE (
    FILE_NAME  VARCHAR(1024) NOT NULL,
    FILE_SIZE  BIGINT NOT NULL,
    CHECKSUM   VARCHAR(64) NOT NULL,
    IDS        BIGINT NOT NULL,
    APPLIED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (FILE_NAME, FILE_SIZE, CHECKSUM)
);
-- Why reprocess resolved a failed send 'withheld' instead of sending it (SUPPRESSED, NO_CONSENT, ...).
ALTER TABLE FAILED_SEND ADD COLUMN WITHHELD VARCHAR(16);
