-- A known database has an engine: PostgreSQL (every registration before engines existed) or Cloudflare D1, which has
-- no host, port or role but an account and database id, or a local folder.
ALTER TABLE known_database
    ADD COLUMN engine          varchar(20) NOT NULL DEFAULT 'POSTGRESQL',
    ADD COLUMN d1_account_id   varchar(64),
    ADD COLUMN d1_database_id  varchar(64),
    ADD COLUMN d1_local_folder text,
    ALTER COLUMN host DROP NOT NULL,
    ALTER COLUMN port DROP NOT NULL,
    ALTER COLUMN username DROP NOT NULL;
