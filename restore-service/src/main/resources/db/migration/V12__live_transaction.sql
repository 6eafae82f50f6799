-- TABLES: the id of the live database's transaction that replaces the tables' rows, recorded (with the rows restored,
-- the validation results and the point reached) by the attempt that owns the run just before it commits. A restore
-- whose service stopped after that is ended from what the target server says of this transaction (pg_xact_status):
-- committed, the tables were replaced and the restore is completed; otherwise nothing live changed.
ALTER TABLE restore_request
    ADD COLUMN live_transaction bigint;
