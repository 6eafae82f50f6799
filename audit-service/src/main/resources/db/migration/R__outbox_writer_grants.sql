-- The role the service writes with (lifeboat_audit_writer, V2) publishes its own events through the outbox (module
-- outbox: R__outbox_event.sql, which sorts and so runs before this): it adds events, marks them sent or set aside, and
-- claims the relay's lease. Nothing else of the log's tables changes for it.
GRANT SELECT, INSERT, UPDATE ON outbox_event TO lifeboat_audit_writer;
GRANT USAGE ON SEQUENCE outbox_event_seq_seq TO lifeboat_audit_writer;
GRANT SELECT, UPDATE ON outbox_relay_lease TO lifeboat_audit_writer;
