-- Point-in-time restore's replay budget: an aligned backup is taken once the changes since the last one would take
-- longer than this to replay; null where the database is not captured.
ALTER TABLE registered_database ADD COLUMN point_in_time_max_replay_seconds bigint;
UPDATE registered_database SET point_in_time_max_replay_seconds = 600 WHERE point_in_time_window_seconds IS NOT NULL;
