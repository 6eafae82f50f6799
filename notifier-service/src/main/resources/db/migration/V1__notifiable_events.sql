-- Events received to notify about, persisted before any delivery is attempted.
CREATE TABLE notifiable_event (
    event_id       varchar(200) PRIMARY KEY,
    type           varchar(100) NOT NULL,
    database_id    varchar(63)  NOT NULL,
    correlation_id varchar(200) NOT NULL,
    occurred_at    timestamptz  NOT NULL,
    received_at    timestamptz  NOT NULL,
    status         varchar(20)  NOT NULL
);

CREATE INDEX notifiable_event_received ON notifiable_event (received_at DESC);
