-- A deleted backup (a delete call or retention) is kept, objects and entry, until purge_after: listed as deleted and
-- undeletable until then, purged by the retention sweep after (lifeboat.backup.deleted-kept-for). removal_started_at
-- set and purge_after null is a deletion cut short, which the next removal or sweep finishes.
ALTER TABLE backup
    ADD COLUMN purge_after timestamptz,
    ADD COLUMN deleted_by text,
    ADD COLUMN deletion_reason text;
CREATE INDEX backup_purge_after ON backup (purge_after) WHERE purge_after IS NOT NULL;
