-- This service's view of the registry, kept from lifeboat.databases: where each registered database is and as
-- whom restores reach it. Credential references only, never a secret.
CREATE TABLE known_database (
    id                     varchar(63) PRIMARY KEY,
    host                   varchar(255) NOT NULL,
    port                   integer      NOT NULL,
    database_name          varchar(63)  NOT NULL,
    username               varchar(63)  NOT NULL,
    credential_ref         text,
    restore_username       varchar(63),
    restore_credential_ref text,
    updated_at             timestamptz  NOT NULL
);
