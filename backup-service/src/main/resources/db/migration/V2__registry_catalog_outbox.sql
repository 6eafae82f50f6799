-- The databases Lifeboat protects. The password is never here: credential_ref names where it lives.
CREATE TABLE registered_database (
    id                   varchar(63)  PRIMARY KEY,
    host                 varchar(255) NOT NULL,
    port                 integer      NOT NULL,
    database_name        varchar(63)  NOT NULL,
    username             varchar(63)  NOT NULL,
    credential_ref       varchar(500),
    schedule             varchar(100) NOT NULL,
    rpo_minutes          integer      NOT NULL,
    retention_max_age_days integer,
    retention_keep_last  integer,
    retention_daily      integer,
    retention_weekly     integer,
    retention_monthly    integer,
    pinned_backups       text[]       NOT NULL DEFAULT '{}',
    labels               jsonb        NOT NULL DEFAULT '{}'::jsonb,
    declared_in          varchar(10)  NOT NULL,
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL
);

-- A request's life: RECEIVED -> RUNNING -> COMPLETED | FAILED, or RETRYING between attempts.
ALTER TABLE backup_request
    ADD COLUMN attempt         integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN heartbeat_at    timestamptz,
    ADD COLUMN backup_id       varchar(64),
    ADD COLUMN last_error_code varchar(40),
    ADD COLUMN last_error      text,
    ADD COLUMN finished_at     timestamptz;
UPDATE backup_request SET next_attempt_at = received_at WHERE status = 'RECEIVED';
CREATE INDEX backup_request_due ON backup_request (next_attempt_at) WHERE status IN ('RECEIVED', 'RETRYING');

-- Completed backups, each a copy of its manifest.json: rebuildable from the bucket alone.
CREATE TABLE backup (
    backup_id      varchar(64)  PRIMARY KEY,
    database_id    varchar(63)  NOT NULL,
    request_id     varchar(200) NOT NULL,
    trigger        varchar(20)  NOT NULL,
    object_key     varchar(1024) NOT NULL,
    manifest_key   varchar(1024) NOT NULL,
    size_bytes     bigint       NOT NULL,
    sha256         char(64)     NOT NULL,
    compression    varchar(10)  NOT NULL,
    encrypted      boolean      NOT NULL,
    key_id         varchar(100),
    server_version varchar(100) NOT NULL,
    started_at     timestamptz  NOT NULL,
    completed_at   timestamptz  NOT NULL,
    duration_ms    bigint       NOT NULL,
    manifest       text         NOT NULL
);
CREATE INDEX backup_database_time ON backup (database_id, started_at DESC);

-- One row per schedule slot: the first replica to insert it publishes the request, the others do nothing.
CREATE TABLE schedule_firing (
    database_id varchar(63)  NOT NULL,
    fire_at     timestamptz  NOT NULL,
    request_id  varchar(200) NOT NULL,
    PRIMARY KEY (database_id, fire_at)
);

-- Events written in the same transaction as the state they report; a relay publishes and marks them.
CREATE TABLE outbox_event (
    seq        bigserial    PRIMARY KEY,
    event_id   varchar(200) NOT NULL UNIQUE,
    topic      varchar(200) NOT NULL,
    record_key varchar(200) NOT NULL,
    type       varchar(200) NOT NULL,
    payload    text         NOT NULL,
    created_at timestamptz  NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outbox_unsent ON outbox_event (seq) WHERE sent_at IS NULL;
