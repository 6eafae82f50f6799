-- Every message of every Lifeboat topic, one row each.
CREATE TABLE audit_entry (
    event_id       varchar(200) PRIMARY KEY,
    topic          varchar(100) NOT NULL,
    type           varchar(100) NOT NULL,
    source         varchar(500) NOT NULL,
    database_id    varchar(63)  NOT NULL,
    correlation_id varchar(200) NOT NULL,
    actor          varchar(200),
    occurred_at    timestamptz  NOT NULL,
    received_at    timestamptz  NOT NULL,
    data           jsonb        NOT NULL
);

CREATE INDEX audit_entry_database ON audit_entry (database_id, received_at DESC);
CREATE INDEX audit_entry_correlation ON audit_entry (correlation_id);
