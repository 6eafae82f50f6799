-- Every restore request as received, from the API or another system's event.
CREATE TABLE restore_request (
    restore_id      varchar(200) PRIMARY KEY,
    database_id     varchar(63)  NOT NULL,
    source_kind     varchar(20)  NOT NULL,
    backup_id       varchar(200),
    point_in_time   timestamptz,
    target_kind     varchar(20)  NOT NULL,
    target_database varchar(63),
    tables          text[]       NOT NULL DEFAULT '{}',
    safety_backup   boolean      NOT NULL,
    requested_by    varchar(200) NOT NULL,
    correlation_id  varchar(200) NOT NULL,
    received_at     timestamptz  NOT NULL,
    status          varchar(20)  NOT NULL
);

CREATE INDEX restore_request_database ON restore_request (database_id, received_at DESC);
