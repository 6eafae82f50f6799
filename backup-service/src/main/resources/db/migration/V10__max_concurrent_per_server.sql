-- How many backups may run at once against a database's server (its host and port), counting the running backups
-- of every database registered on that server; the queue leaves a request waiting while its server is at the limit.
ALTER TABLE registered_database ADD COLUMN max_concurrent_per_server integer NOT NULL DEFAULT 2;
