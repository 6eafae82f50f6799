-- Each registered database's labels, kept from lifeboat.databases, for routing rules that match on labels.
CREATE TABLE registered_labels (
    database_id varchar(63) PRIMARY KEY,
    labels      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    updated_at  timestamptz NOT NULL
);
