-- How a captured database's schema changes reach a restore ('schema changes replayed' by Lifeboat's event trigger, or
-- 'gaps at schema changes' where the capture's role may not create it, with why and the grant that would), and the WAL
-- the source keeps for the capture's slot, as the capture last measured it: what the point-in-time API and status show.
ALTER TABLE capture_lease ADD COLUMN schema_changes text;
ALTER TABLE capture_lease ADD COLUMN schema_changes_why text;
ALTER TABLE capture_lease ADD COLUMN retained_wal_bytes bigint;
