-- A verification that could not read the bucket waits before it is tried again (never a tight loop),
-- and the backups behind it go first meanwhile.
ALTER TABLE verification ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE verification ADD COLUMN retry_at timestamptz;
