-- How connections to a registered PostgreSQL database use TLS (sslmode require, verify-ca or verify-full, and the
-- reference to the CA's certificate the verifying modes check the server's certificate against); null: the clients'
-- default. The capture's lease keeps the TLS settings it connected with, beside the server it names.
ALTER TABLE registered_database
    ADD COLUMN tls_mode text,
    ADD COLUMN tls_ca_ref text;
ALTER TABLE capture_lease
    ADD COLUMN tls_mode text,
    ADD COLUMN tls_ca_ref text;
