-- The local stack's demo database: something to protect on first start, shaped like a real shop's
-- (foreign keys, a partitioned table, sequences, jsonb, bytea, numeric, timestamps), about 40,000 rows.
CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    email       text NOT NULL UNIQUE,
    profile     jsonb NOT NULL DEFAULT '{}',
    avatar      bytea,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE products (
    id          serial PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    title       text NOT NULL,
    price       numeric(10, 2) NOT NULL,
    attributes  jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE orders (
    id           bigserial PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id),
    placed_at    timestamptz NOT NULL,
    status       text NOT NULL CHECK (status IN ('placed', 'paid', 'shipped', 'cancelled')),
    total        numeric(12, 2) NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE TABLE order_lines (
    order_id    bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line        int NOT NULL,
    product_id  int NOT NULL REFERENCES products (id),
    quantity    int NOT NULL CHECK (quantity > 0),
    price       numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE events (
    id           bigserial,
    happened_at  timestamptz NOT NULL,
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    PRIMARY KEY (id, happened_at)
) PARTITION BY RANGE (happened_at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
CREATE TABLE events_other PARTITION OF events DEFAULT;
CREATE SEQUENCE invoice_number START 10000;

INSERT INTO customers (name, email, profile, avatar, created_at)
SELECT 'Customer ' || i, 'customer' || i || '@example.com',
       jsonb_build_object('tier', (ARRAY['bronze', 'silver', 'gold'])[1 + i % 3], 'newsletter', i % 2 = 0),
       decode(md5('avatar' || i), 'hex'), timestamptz '2026-01-01' + (i || ' hours')::interval
FROM generate_series(1, 1000) i;

INSERT INTO products (sku, title, price, attributes)
SELECT 'SKU-' || lpad(i::text, 4, '0'), 'Product ' || i, round((5 + random() * 195)::numeric, 2),
       jsonb_build_object('colour', (ARRAY['red', 'green', 'blue'])[1 + i % 3], 'weight_g', 100 + i)
FROM generate_series(1, 200) i;

INSERT INTO orders (customer_id, placed_at, status, total)
SELECT 1 + i % 1000, timestamptz '2026-01-01' + (i * 97 || ' minutes')::interval,
       (ARRAY['placed', 'paid', 'shipped', 'cancelled'])[1 + i % 4], 0
FROM generate_series(1, 5000) i;

INSERT INTO order_lines (order_id, line, product_id, quantity, price)
SELECT o.id, l, 1 + (o.id * l) % 200, 1 + (o.id + l) % 4, p.price
FROM orders o CROSS JOIN generate_series(1, 3) l JOIN products p ON p.id = 1 + (o.id * l) % 200;

UPDATE orders o SET total = s.total
FROM (SELECT order_id, sum(quantity * price) AS total FROM order_lines GROUP BY order_id) s WHERE s.order_id = o.id;

INSERT INTO events (happened_at, kind, payload)
SELECT timestamptz '2026-01-01' + (i * 53 || ' minutes')::interval, (ARRAY['login', 'view', 'cart', 'checkout'])[1 + i % 4],
       jsonb_build_object('customer', 1 + i % 1000, 'session', md5(i::text))
FROM generate_series(1, 15000) i;

SELECT setval('invoice_number', 10000 + (SELECT count(*) FROM orders WHERE status IN ('paid', 'shipped')));
