-- Point-in-time capture. One row per database whose changes are captured: which replica runs its capture (a lease it
-- renews while it runs, taken over when it runs out), whether capture is stopped and why, and where the database's
-- slot is, so a database removed or turned off has its slot and publication dropped after its registration is gone.
CREATE TABLE capture_lease (
    database_id    text PRIMARY KEY,
    holder         text        NOT NULL,
    until          timestamptz NOT NULL,
    host           text        NOT NULL,
    port           integer     NOT NULL,
    database_name  text        NOT NULL,
    username       text        NOT NULL,
    credential_ref text,
    stopped_at     timestamptz,
    stop_code      text,
    stop_message   text
);
