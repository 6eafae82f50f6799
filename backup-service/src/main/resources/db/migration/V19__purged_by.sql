-- Who purges a deleted backup, written with the purge's claim: a purge cut short and finished by the retention sweep is
-- announced (BackupPurged) as the admin's purge it was, not as retention's.
ALTER TABLE backup
    ADD COLUMN purged_by text;
