-- The portal's D1 database, as its runbooks know it: clients, their tickets, invoices (foreign keys to both) and an
-- activity log; a few thousand rows, made by SQLite itself.
CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, created_at TEXT NOT NULL);
CREATE TABLE tickets (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id), subject TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')), opened_at TEXT NOT NULL);
CREATE TABLE invoices (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),
  ticket_id INTEGER REFERENCES tickets(id), amount_cents INTEGER NOT NULL, issued_at TEXT NOT NULL);
CREATE TABLE activity_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, what TEXT NOT NULL);
CREATE INDEX tickets_client ON tickets(client_id);
CREATE INDEX invoices_client ON invoices(client_id);
CREATE VIEW open_tickets AS SELECT c.name, t.subject, t.opened_at FROM tickets t JOIN clients c ON c.id = t.client_id WHERE t.status = 'open';
INSERT INTO clients (id, name, email, created_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
  SELECT i, 'Client ' || i || CASE WHEN i % 7 = 0 THEN ' O''Brien & Søn' ELSE '' END, 'client' || i || '@example.com',
         datetime('2026-01-01', '+' || i || ' hours') FROM n;
INSERT INTO tickets (id, client_id, subject, status, opened_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
  SELECT i, 1 + (i * 7) % 400, 'Ticket ' || i || ': printer; "again"', CASE WHEN i % 3 = 0 THEN 'open' ELSE 'closed' END,
         datetime('2026-02-01', '+' || i || ' minutes') FROM n;
INSERT INTO invoices (id, client_id, ticket_id, amount_cents, issued_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
  SELECT i, 1 + (i * 7) % 400, CASE WHEN i % 4 = 0 THEN NULL ELSE i END, 1000 + (i * 37) % 90000,
         datetime('2026-03-01', '+' || i || ' minutes') FROM n;
INSERT INTO activity_log (at, actor, what)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 900)
  SELECT datetime('2026-03-01', '+' || i || ' minutes'), 'admin', 'invoice ' || i || ' sent' FROM n;
