-- How many backups may run at once against a database's server (its host and port), counting the running backups
-- of every database registered on that server; the queue leaves a request waiting while its server is at the limit.
ALTER TABLE registered_database ADD COLUMN max_concurrent_per_server integer NOT NULL DEFAULT 2;
-- What each claim asks: which databases run a backup now, and which databases share a server.
CREATE INDEX backup_request_running ON backup_request (database_id) WHERE status = 'RUNNING';
CREATE INDEX registered_database_server ON registered_database (host, port);
