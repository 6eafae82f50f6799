-- A restore request becomes a job: RECEIVED -> RUNNING -> COMPLETED | FAILED | ROLLED_BACK | INTERRUPTED.
ALTER TABLE restore_request
    ADD COLUMN include_dependents   boolean NOT NULL DEFAULT false,
    ADD COLUMN started_at           timestamptz,
    ADD COLUMN finished_at          timestamptz,
    ADD COLUMN heartbeat_at         timestamptz,
    ADD COLUMN resolved_backup_id   varchar(200),
    ADD COLUMN safety_backup_id     varchar(200),
    ADD COLUMN pre_restore_database varchar(63),
    ADD COLUMN staging_database     varchar(63),
    ADD COLUMN rows_restored        bigint,
    ADD COLUMN stored_bytes         bigint,
    ADD COLUMN validations          text,
    ADD COLUMN error_step           varchar(40),
    ADD COLUMN error_code           varchar(40),
    ADD COLUMN error_message        text;

CREATE INDEX restore_request_status ON restore_request (status, received_at);

-- Every step of a restore, with its timing.
CREATE TABLE restore_step (
    id          bigserial PRIMARY KEY,
    restore_id  varchar(200) NOT NULL REFERENCES restore_request (restore_id),
    step        varchar(40)  NOT NULL,
    started_at  timestamptz  NOT NULL,
    finished_at timestamptz  NOT NULL,
    outcome     varchar(20)  NOT NULL,
    details     text
);

CREATE INDEX restore_step_restore ON restore_step (restore_id, id);

-- The outcome of each PRE_RESTORE safety backup, as the backup service reported it.
CREATE TABLE safety_backup (
    request_id  varchar(200) PRIMARY KEY,
    outcome     varchar(20)  NOT NULL,
    backup_id   varchar(200),
    message     text,
    recorded_at timestamptz  NOT NULL
);

-- Databases set aside by IN_PLACE restores, dropped when their time is up.
CREATE TABLE pre_restore_database (
    database_name varchar(63)  PRIMARY KEY,
    database_id   varchar(63)  NOT NULL,
    restore_id    varchar(200) NOT NULL,
    created_at    timestamptz  NOT NULL,
    drop_after    timestamptz  NOT NULL,
    dropped_at    timestamptz
);
