-- Per table (schema.table), the column whose newest value each backup records in its manifest.
ALTER TABLE registered_database ADD COLUMN freshness_columns jsonb NOT NULL DEFAULT '{}'::jsonb;
