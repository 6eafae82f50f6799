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
-- Why the relay can never publish an event (it fails the contract's checks): set aside so it holds up nothing after it.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS rejected text;
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox_event (seq) WHERE sent_at IS NULL;

-- One relay publishes at a time across a service's replicas: the one holding this lease (renewed before each
-- event it publishes; another replica takes it over once it has not been renewed for 20 s).
CREATE TABLE IF NOT EXISTS outbox_relay_lease (
    id     smallint     PRIMARY KEY CHECK (id = 1),
    holder varchar(100) NOT NULL,
    until  timestamptz  NOT NULL
);
INSERT INTO outbox_relay_lease (id, holder, until) VALUES (1, 'nobody', 'epoch') ON CONFLICT (id) DO NOTHING;
