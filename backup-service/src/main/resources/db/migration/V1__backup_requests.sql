-- Every backup request as received, from the API, a schedule or another system's event.
CREATE TABLE backup_request (
    request_id     varchar(200) PRIMARY KEY,
    database_id    varchar(63)  NOT NULL,
    trigger        varchar(20)  NOT NULL,
    requested_by   varchar(200) NOT NULL,
    labels         jsonb        NOT NULL DEFAULT '{}'::jsonb,
    event_id       varchar(200) NOT NULL,
    correlation_id varchar(200) NOT NULL,
    source         varchar(500) NOT NULL,
    received_at    timestamptz  NOT NULL,
    status         varchar(20)  NOT NULL
);

CREATE INDEX backup_request_database ON backup_request (database_id, received_at DESC);
