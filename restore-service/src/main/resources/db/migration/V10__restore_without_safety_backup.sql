-- Whether a restore into the live database may skip its safety backup, as the registration says (false: refused).
ALTER TABLE known_database
    ADD COLUMN restore_without_safety_backup boolean NOT NULL DEFAULT false;
