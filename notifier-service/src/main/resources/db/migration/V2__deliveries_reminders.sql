-- One row per (event, channel): persisted before it is attempted, so a restart resumes it, and unique,
-- so a redelivered event is never sent twice to one channel.
CREATE TABLE delivery (
    id              varchar(36)  PRIMARY KEY,
    event_id        varchar(200) NOT NULL,
    channel         varchar(63)  NOT NULL,
    kind            varchar(10)  NOT NULL,   -- EVENT | DIGEST | REMINDER
    rule            varchar(300) NOT NULL,
    database_id     varchar(63)  NOT NULL,
    event_type      varchar(100) NOT NULL,
    severity        varchar(10)  NOT NULL,
    recipients      text[]       NOT NULL DEFAULT '{}',
    message         text         NOT NULL,   -- the rendered message (JSON), sent as planned
    status          varchar(10)  NOT NULL,   -- PENDING | SENT | FAILED | COLLAPSED
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    occurred_at     timestamptz  NOT NULL,
    created_at      timestamptz  NOT NULL,
    sent_at         timestamptz,
    window_ends_at  timestamptz,             -- a sent failure: later failures until then are collapsed
    digest_id       varchar(36),             -- a collapsed failure: the digest that counts it
    collapsed       integer      NOT NULL DEFAULT 0, -- a digest: how many failures it counts
    announced       boolean      NOT NULL DEFAULT false, -- NotificationSent/Failed published
    CONSTRAINT delivery_once_per_channel UNIQUE (event_id, channel)
);

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_window ON delivery (database_id, channel, window_ends_at) WHERE kind = 'EVENT';
CREATE INDEX delivery_created ON delivery (created_at DESC);
CREATE INDEX delivery_unannounced ON delivery (created_at) WHERE announced = false AND status IN ('SENT', 'FAILED');

-- The newest restore test of each database, for the quarterly reminder.
CREATE TABLE restore_test_seen (
    database_id         varchar(63)  PRIMARY KEY,
    test_id             varchar(200) NOT NULL,
    passed              boolean      NOT NULL,
    report_key          varchar(500),
    restore_duration_ms bigint,
    backup_age_seconds  bigint,
    tested_at           timestamptz  NOT NULL
);

-- A reminder slot fires once.
CREATE TABLE reminder_slot (
    slot      timestamptz PRIMARY KEY,
    fired_at  timestamptz NOT NULL
);
