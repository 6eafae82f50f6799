-- How connections to a registered PostgreSQL server use TLS, as its registration says (sslmode and the reference to
-- the CA's certificate); null: the clients' default.
ALTER TABLE known_database
    ADD COLUMN tls_mode   text,
    ADD COLUMN tls_ca_ref text;
