-- Whether a restore into the live database may skip its safety backup (the registration's restoreWithoutSafetyBackup);
-- false, every registration's until set: the restore service refuses such a request, on the API and on Kafka.
ALTER TABLE registered_database
    ADD COLUMN restore_without_safety_backup boolean NOT NULL DEFAULT false;
