-- When the verifier copied a backup to the second bucket (VerificationPassed SECOND_COPY); null: no copy.
ALTER TABLE backup ADD COLUMN copied_at timestamptz;
