-- A backup's removal (a delete call or retention) is claimed first, in one transaction that locks every backup of its
-- database: two removals at once can no longer both find that another backup remains. Set until the entry is gone; a
-- removal cut short (a crash, the bucket down) leaves it set, and the next removal of that backup finishes it.
ALTER TABLE backup
    ADD COLUMN removal_started_at timestamptz;
