package dev.lifeboat.restore;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.fixtures.D1Rows;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.runtime.secret.DatabaseSecrets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local D1 database the D1 restore tests protect, in the runbook's shape: clients, tickets, invoices (foreign keys to
 * both) and an activity log, with quotes, semicolons, newlines and unicode in the values, an index, a view and a trigger.
 */
final class D1Portal {

    static final String NAME = "portal";
    static final Wrangler WRANGLER = new Wrangler(InstalledWrangler.executable(), Duration.ofMinutes(2), DatabaseSecrets.defaults());
    static final D1Queries QUERIES = new D1Queries(WRANGLER);

    private D1Portal() {
    }

    static void create(Path folder) {
        try {
            QUERIES.execute(live(folder), String.join("\n",
                    "DROP VIEW IF EXISTS client_totals; DROP TRIGGER IF EXISTS tickets_logged; DROP TABLE IF EXISTS scratch;",
                    "DROP TABLE IF EXISTS invoices; DROP TABLE IF EXISTS tickets; DROP TABLE IF EXISTS clients; DROP TABLE IF EXISTS activity_log;",
                    "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);",
                    "CREATE TABLE tickets (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id), subject TEXT);",
                    "CREATE TABLE invoices (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id),"
                            + " ticket_id INTEGER REFERENCES tickets(id), amount_cents INTEGER NOT NULL);",
                    "CREATE TABLE activity_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, what TEXT);",
                    "CREATE INDEX invoices_client ON invoices(client_id);",
                    "CREATE VIEW client_totals AS SELECT client_id, sum(amount_cents) AS total FROM invoices GROUP BY client_id;",
                    "CREATE TRIGGER tickets_logged AFTER INSERT ON tickets BEGIN INSERT INTO activity_log(at, what)"
                            + " VALUES ('now', 'ticket ' || new.id); END;",
                    "INSERT INTO clients VALUES (1, 'O''Brien; Ltd', 'ob@example.com'), (2, 'Zoë ✓', NULL), (3, 'multi\nline', 'm@example.com');",
                    "INSERT INTO tickets VALUES (1, 1, 'printer; INSERT INTO x VALUES(1)'), (2, 2, '\"quoted\"'), (3, 3, NULL);",
                    "INSERT INTO invoices VALUES (1, 1, 1, 1250), (2, 2, 2, 99), (3, 3, NULL, 100000), (4, 1, NULL, 7);"));
        } catch (WranglerFailure e) {
            throw new IllegalStateException("creating the local D1 portal failed: " + e.getMessage(), e);
        }
    }

    /** Adds {@code rows} rows of 100 digits each to the activity log: an export of over a megabyte is loaded locally in batches. */
    static void addActivity(Path folder, int rows) {
        try {
            QUERIES.execute(live(folder), "INSERT INTO activity_log(at, what) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                    + " FROM n WHERE i < " + rows + ") SELECT 'bulk', printf('%0100d', i) FROM n;");
        } catch (WranglerFailure e) {
            throw new IllegalStateException("filling the local D1 portal's activity log failed: " + e.getMessage(), e);
        }
    }

    static D1Location live(Path folder) {
        return new D1Location(NAME, null, null, folder, null);
    }

    /** Every own table's rows, each value exactly as SQLite quotes it. */
    static Map<String, List<String>> rows(D1Location database) throws WranglerFailure {
        return D1Rows.of(QUERIES, database);
    }
}
