-- Point-in-time restore: how far back every second of a database stays restorable; null: backups only.
ALTER TABLE registered_database ADD COLUMN point_in_time_window_seconds bigint;
