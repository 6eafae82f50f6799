-- How far a running restore has come, written with its heartbeat: the archive's stored bytes read so far, its
-- stored size (from the manifest), and the rate so far. Null until the restore reads its archive.
ALTER TABLE restore_request
    ADD COLUMN progress_bytes            bigint,
    ADD COLUMN progress_expected_bytes   bigint,
    ADD COLUMN progress_bytes_per_second bigint;
