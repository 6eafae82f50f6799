-- Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d), as the superuser.
-- Lifeboat's own database is POSTGRES_DB (lifeboat); this adds the sample database it protects, "shop",
-- its role for backups (read only) and its role for restores (creates, renames and drops databases).
\getenv shop_password LIFEBOAT_DB_SHOP_PASSWORD
\getenv restore_password LIFEBOAT_DB_SHOP_RESTORE_PASSWORD
CREATE ROLE lifeboat_backup LOGIN PASSWORD :'shop_password' IN ROLE pg_read_all_data;
CREATE ROLE lifeboat_restore LOGIN CREATEDB PASSWORD :'restore_password';
CREATE DATABASE shop OWNER lifeboat_restore;
\connect shop
SET ROLE lifeboat_restore;
CREATE TABLE customer (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, profile jsonb NOT NULL DEFAULT '{}');
CREATE TABLE product (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, price numeric(10, 2) NOT NULL, image bytea);
CREATE TABLE orders (id bigserial, customer_id bigint NOT NULL REFERENCES customer, placed_at timestamptz NOT NULL,
                     PRIMARY KEY (id, placed_at)) PARTITION BY RANGE (placed_at);
CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
INSERT INTO customer (email, profile) SELECT 'customer' || n || '@example.com', jsonb_build_object('tier', n % 3) FROM generate_series(1, 1000) n;
INSERT INTO product (name, price, image) SELECT 'product ' || n, (n % 100) + 0.99, decode(md5(n::text), 'hex') FROM generate_series(1, 200) n;
INSERT INTO orders (customer_id, placed_at) SELECT 1 + n % 1000, timestamptz '2025-06-01' + n * interval '17 minutes' FROM generate_series(1, 20000) n;
