-- Purging a deleted backup now, before its time to be kept has passed, is one admin's call, except for a database's last
-- verified backup: then the first admin's call is recorded here and a second, other admin's call within a day purges it.
ALTER TABLE backup
    ADD COLUMN purge_requested_by text,
    ADD COLUMN purge_requested_at timestamptz;
