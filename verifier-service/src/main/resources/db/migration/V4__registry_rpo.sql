-- The RPO the registry gives the database (lifeboat.databases); null: not known from the registry (the
-- verifier's own setting, or its default, applies). A database is watched from its registration on.
ALTER TABLE watched_database ADD COLUMN rpo_seconds bigint;
