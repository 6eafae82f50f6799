-- A point-in-time restore's exact point (RestoreCompleted.pointReached: the moment asked for, the last transaction
-- replayed and when it committed, how many, and the tables left as the backup had them), as JSON. Null for a restore
-- of a backup as it is.
ALTER TABLE restore_request
    ADD COLUMN point_reached text;
