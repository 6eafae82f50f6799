-- The change archive of a database captured for point-in-time restore, as the verifier last checked it: the position
-- up to which every segment was read back whole and continuous, the moment up to which that makes the archive
-- complete (the freshness watch's point, when it is newer than the newest verified backup), the newest gap (from when,
-- found when: a backup after it ends it, and until then the freshness point stops at its start), and the failure it
-- reported (once) if the archive is damaged or broken.
ALTER TABLE watched_database ADD COLUMN archive_checked_lsn text;
ALTER TABLE watched_database ADD COLUMN archive_verified_until timestamptz;
ALTER TABLE watched_database ADD COLUMN archive_failure text;
ALTER TABLE watched_database ADD COLUMN archive_gap_from timestamptz;
ALTER TABLE watched_database ADD COLUMN archive_gap_found_at timestamptz;
