-- What each verification of a backup found, and when its bytes were last re-read.
ALTER TABLE verification ADD COLUMN manifest_key varchar(1024);
ALTER TABLE verification ADD COLUMN completed_at timestamptz;
ALTER TABLE verification ADD COLUMN check_name varchar(20);
ALTER TABLE verification ADD COLUMN details text;
ALTER TABLE verification ADD COLUMN verified_at timestamptz;
ALTER TABLE verification ADD COLUMN last_checked_at timestamptz;
UPDATE verification SET manifest_key = object_key, completed_at = received_at WHERE manifest_key IS NULL;
ALTER TABLE verification ALTER COLUMN manifest_key SET NOT NULL;
ALTER TABLE verification ALTER COLUMN completed_at SET NOT NULL;
CREATE INDEX verification_pending ON verification (received_at) WHERE status = 'PENDING';
CREATE INDEX verification_scrub ON verification (last_checked_at NULLS FIRST) WHERE status IN ('PASSED', 'FAILED');

-- Restore tests: requested (API) or scheduled, run one at a time per replica.
CREATE TABLE restore_test (
    test_id             varchar(64)  PRIMARY KEY,
    database_id         varchar(63)  NOT NULL,
    trigger             varchar(20)  NOT NULL,
    requested_by        varchar(200) NOT NULL,
    scheduled_for       timestamptz,
    status              varchar(20)  NOT NULL,
    requested_at        timestamptz  NOT NULL,
    started_at          timestamptz,
    finished_at         timestamptz,
    backup_id           varchar(200),
    scratch_database    varchar(63),
    restore_ms          bigint,
    backup_age_seconds  bigint,
    stored_bytes        bigint,
    rows_restored       bigint,
    passed              boolean,
    report_key          varchar(1024),
    checks              text,
    error               text
);
CREATE INDEX restore_test_database ON restore_test (database_id, requested_at DESC);
CREATE INDEX restore_test_requested ON restore_test (requested_at) WHERE status = 'REQUESTED';
-- A schedule slot fires once, however many replicas see it.
CREATE UNIQUE INDEX restore_test_slot ON restore_test (database_id, scheduled_for) WHERE scheduled_for IS NOT NULL;

-- Databases the verifier knows (from their backups): since when, and whether their freshness is breached.
CREATE TABLE watched_database (
    database_id         varchar(63)  PRIMARY KEY,
    first_seen_at       timestamptz  NOT NULL,
    in_breach           boolean      NOT NULL DEFAULT false,
    breach_backup_id    varchar(200),
    breach_since        timestamptz
);
