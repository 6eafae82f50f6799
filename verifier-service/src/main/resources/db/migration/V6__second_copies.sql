-- A verified backup's copy in the second bucket (lifeboat.copy.*): when it was made, or why the last try failed.
ALTER TABLE verification ADD COLUMN copied_at timestamptz;
ALTER TABLE verification ADD COLUMN copy_failure text;
CREATE INDEX verification_not_copied ON verification (completed_at) WHERE status = 'PASSED' AND copied_at IS NULL;
