-- Completed backups to verify, one row per backup.
CREATE TABLE verification (
    backup_id      varchar(200) PRIMARY KEY,
    database_id    varchar(63)  NOT NULL,
    object_key     varchar(1024) NOT NULL,
    sha256         char(64)     NOT NULL,
    size_bytes     bigint       NOT NULL,
    correlation_id varchar(200) NOT NULL,
    received_at    timestamptz  NOT NULL,
    status         varchar(20)  NOT NULL
);

CREATE INDEX verification_database ON verification (database_id, received_at DESC);
