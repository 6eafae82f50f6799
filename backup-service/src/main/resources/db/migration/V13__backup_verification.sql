-- What the verifier found of each backup, heard on lifeboat.verification.events: when its archive was read back whole
-- (VerificationPassed ARCHIVE), and when a check of it failed (CHECKSUM, ARCHIVE or RESTORE_TEST); the latest word wins.
-- A database's newest backup that passed, never failed and is its own (not a restore's PRE_RESTORE safety backup) is its
-- last good backup: retention keeps it and a delete call needs force.
ALTER TABLE backup
    ADD COLUMN verified_at            timestamptz,
    ADD COLUMN verification_failed_at timestamptz;
