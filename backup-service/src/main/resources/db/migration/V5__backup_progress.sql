-- How far a running backup has come, written with its heartbeat: pg_dump's bytes so far, the database's size
-- (what is expected; a dump is usually smaller), and the rate so far. Null until the attempt's first heartbeat.
ALTER TABLE backup_request
    ADD COLUMN progress_bytes            bigint,
    ADD COLUMN progress_expected_bytes   bigint,
    ADD COLUMN progress_bytes_per_second bigint;
