-- Why a restore read the second bucket's copy of its archive (the primary's failure), recorded when it switched to the
-- copy: the restore's view shows it, and a restore completed by its recovery (its service stopped after the swap or
-- the tables' commit) says it in RestoreCompleted.readFromCopy as a run that ended itself does.
ALTER TABLE restore_request
    ADD COLUMN read_from_copy text;
