-- The role restores connect as, when it is not the backup role (restores create, rename and drop databases).
ALTER TABLE registered_database ADD COLUMN restore_username varchar(63);
ALTER TABLE registered_database ADD COLUMN restore_credential_ref text;
-- When the registration was last published on lifeboat.databases; null: never (registered before the registry
-- was published), so start-up announces it.
ALTER TABLE registered_database ADD COLUMN announced_at timestamptz;
