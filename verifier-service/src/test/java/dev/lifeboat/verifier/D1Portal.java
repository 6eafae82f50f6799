package dev.lifeboat.verifier;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.runtime.secret.DatabaseSecrets;

import java.nio.file.Path;
import java.time.Duration;

/** The local D1 database the verifier's tests back up and restore-test: tables with foreign keys, an index, a view. */
final class D1Portal {

    static final String NAME = "portal";

    private D1Portal() {
    }

    static void create(Path folder) {
        try {
            new D1Queries(new Wrangler(InstalledWrangler.executable(), Duration.ofMinutes(2), DatabaseSecrets.defaults())).execute(new D1Location(NAME, null, null, folder, null),
                    String.join("\n",
                            "DROP VIEW IF EXISTS client_totals; DROP TABLE IF EXISTS invoices; DROP TABLE IF EXISTS clients;",
                            "CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
                            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL REFERENCES clients(id), cents INTEGER);",
                            "CREATE INDEX invoices_client ON invoices(client_id);",
                            "CREATE VIEW client_totals AS SELECT client_id, sum(cents) AS total FROM invoices GROUP BY client_id;",
                            "INSERT INTO clients VALUES (1, 'O''Brien; Ltd'), (2, 'Zoë');",
                            "INSERT INTO invoices VALUES (1, 1, 100), (2, 2, 250), (3, 1, NULL);"));
        } catch (WranglerFailure e) {
            throw new IllegalStateException("creating the local D1 portal failed: " + e.getMessage(), e);
        }
    }
}
