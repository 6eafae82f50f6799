-- The transactional outbox (module outbox), in the schema of every service that publishes: events committed
-- with the state they report, or on their own, published by the relay, which marks them sent once Kafka
-- acknowledged them. Repeatable and idempotent, so it serves services whose own migrations created it already.
CREATE TABLE IF NOT EXISTS outbox_event (
    seq        bigserial    PRIMARY KEY,
    event_id   varchar(200) NOT NULL UNIQUE,
    topic      varchar(200) NOT NULL,
    record_key varchar(200) NOT NULL,
    type       varchar(200) NOT NULL,
    payload    text         NOT NULL,
    created_at timestamptz  NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox_event (seq) WHERE sent_at IS NULL;
