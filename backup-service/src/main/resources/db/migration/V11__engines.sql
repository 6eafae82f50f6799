-- A registered database has an engine: PostgreSQL (every registration before engines existed) or Cloudflare D1.
-- A D1 database has no host, port or role: its host and port name the server it shares limits with (its account, or
-- the local state), and username is null.
ALTER TABLE registered_database
    ADD COLUMN engine          varchar(20) NOT NULL DEFAULT 'POSTGRESQL',
    ADD COLUMN d1_account_id   varchar(64),
    ADD COLUMN d1_database_id  varchar(64),
    ADD COLUMN d1_local_folder   text,
    ALTER COLUMN username DROP NOT NULL;
