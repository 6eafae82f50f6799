package dev.lifeboat.d1.export;

/** A small portal database with the runbooks' shape: foreign keys, odd names and values, an index, a view, a trigger. */
final class PortalSchema {

    static final String SQL = String.join("\n",
            "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, logo BLOB, rating REAL);",
            "CREATE TABLE tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER NOT NULL REFERENCES clients(id), subject TEXT);",
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),",
            "  ticket_id INTEGER REFERENCES tickets(id), amount_cents INTEGER NOT NULL);",
            "CREATE TABLE \"audit note\" (id INTEGER PRIMARY KEY, note TEXT);",
            "CREATE INDEX invoices_client ON invoices(client_id);",
            "CREATE VIEW client_totals AS SELECT client_id, sum(amount_cents) AS total FROM invoices GROUP BY client_id;",
            "CREATE TRIGGER tickets_note AFTER DELETE ON tickets BEGIN INSERT INTO \"audit note\"(note) VALUES ('deleted'); "
                    + "INSERT INTO \"audit note\"(note) VALUES (old.subject); END;",
            "INSERT INTO clients VALUES (1, 'O''Brien; Ltd', x'00ff10', 4.5), (2, 'line one",
            "line two ✓', NULL, NULL);",
            "INSERT INTO tickets (client_id, subject) VALUES (1, 'printer; INSERT INTO x VALUES(1)'), (2, '\"quoted\"');",
            "INSERT INTO invoices VALUES (1, 1, 1, 1250), (2, 1, NULL, 99), (3, 2, 2, 100000);");

    private PortalSchema() {
    }
}
