-- Whether LATEST / POINT_IN_TIME may choose a PRE_RESTORE safety backup (RestoreSource.includeSafetyBackups).
ALTER TABLE restore_request ADD COLUMN include_safety_backups boolean NOT NULL DEFAULT false;
