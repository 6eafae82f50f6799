-- The activity log becomes an append-only hash chain. V1's unchained table held no production data
-- (audit-service had not been released), so it is replaced, not converted.
DROP TABLE audit_entry;

-- One row per message of every Lifeboat topic, plus the log's own actions (pruning).
-- hash = SHA-256 of the row's canonical content, which includes prev_hash: see chain.EntryDigest.
CREATE TABLE audit_entry (
    seq             bigint      PRIMARY KEY,   -- position in the chain: 1, 2, 3 … without gaps
    message_key     text        NOT NULL UNIQUE, -- topic + '/' + event id, or topic-partition@offset for an unreadable message
    topic           text        NOT NULL,
    kafka_partition integer,
    kafka_offset    bigint,
    event_id        text,                      -- the CloudEvents id (none when the message is unreadable)
    type            text        NOT NULL,      -- the CloudEvents type, or 'unreadable'
    source          text,
    database_id     text,
    correlation_id  text,
    actor           text,                      -- who asked: from the event, else from the request of its flow
    outcome         text        NOT NULL,
    detail          text,                      -- why a message was refused, or what failed
    occurred_at     timestamptz NOT NULL,      -- the event's time, else the Kafka record's
    recorded_at     timestamptz NOT NULL,
    payload         jsonb       NOT NULL,
    prev_hash       char(64)    NOT NULL,
    hash            char(64)    NOT NULL
);

CREATE INDEX audit_entry_database ON audit_entry (database_id, seq DESC);
CREATE INDEX audit_entry_type ON audit_entry (type, seq DESC);
CREATE INDEX audit_entry_actor ON audit_entry (actor, seq DESC);
CREATE INDEX audit_entry_correlation ON audit_entry (correlation_id, seq);
CREATE INDEX audit_entry_event ON audit_entry (event_id);
CREATE INDEX audit_entry_occurred ON audit_entry (occurred_at);
CREATE INDEX audit_entry_recorded ON audit_entry (recorded_at);

-- Where the chain starts after a prune: the seq and hash of the last pruned row.
CREATE TABLE chain_anchor (
    through_seq bigint      PRIMARY KEY,
    hash        char(64)    NOT NULL,
    pruned_rows bigint      NOT NULL,
    pruned_at   timestamptz NOT NULL
);

-- Nobody edits the record: updates are refused for every role, owner included; deletes only by prune_through().
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_entry'
            AND current_setting('lifeboat.audit.pruning', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER chain_anchor_append_only BEFORE UPDATE OR DELETE ON chain_anchor
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER chain_anchor_no_truncate BEFORE TRUNCATE ON chain_anchor
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

-- Retention's only way to delete: the rows up to through_seq go, and their last hash becomes the anchor.
-- It runs with the owner's rights; the caller appends the audited 'pruned' entry in the same transaction.
CREATE FUNCTION prune_through(last_seq bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
DECLARE
    anchor_hash char(64);
    pruned      bigint;
BEGIN
    SELECT hash INTO anchor_hash FROM audit_entry WHERE seq = last_seq;
    IF anchor_hash IS NULL THEN
        RAISE EXCEPTION 'no audit entry %', last_seq;
    END IF;
    PERFORM set_config('lifeboat.audit.pruning', 'on', true);
    DELETE FROM audit_entry WHERE seq <= last_seq;
    GET DIAGNOSTICS pruned = ROW_COUNT;
    PERFORM set_config('lifeboat.audit.pruning', 'off', true);
    INSERT INTO chain_anchor (through_seq, hash, pruned_rows, pruned_at) VALUES (last_seq, anchor_hash, pruned, now());
    RETURN pruned;
END;
$$;

-- The role the service writes with (its sessions take it on connecting, see application.properties):
-- it may read and append, never update or delete.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lifeboat_audit_writer') THEN
        CREATE ROLE lifeboat_audit_writer NOLOGIN;
    END IF;
END;
$$;
GRANT lifeboat_audit_writer TO CURRENT_USER;
GRANT USAGE ON SCHEMA audit TO lifeboat_audit_writer;
REVOKE ALL ON audit_entry, chain_anchor FROM lifeboat_audit_writer;
GRANT SELECT, INSERT ON audit_entry TO lifeboat_audit_writer;
GRANT SELECT ON chain_anchor TO lifeboat_audit_writer;
REVOKE ALL ON FUNCTION prune_through(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_through(bigint) TO lifeboat_audit_writer;
