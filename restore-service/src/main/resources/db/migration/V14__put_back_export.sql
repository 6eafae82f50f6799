-- Where a D1 restore into a live database keeps that database's export, taken before anything changed, recorded once the
-- export is whole: a restore whose service stopped mid-load (a local database is loaded in batches) is put back from it
-- by its recovery, instead of left holding part of the backup. The file is deleted when the restore ends.
ALTER TABLE restore_request
    ADD COLUMN put_back_export text;
