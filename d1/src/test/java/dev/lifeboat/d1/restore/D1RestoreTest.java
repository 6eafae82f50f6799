package dev.lifeboat.d1.restore;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.export.D1Export;
import dev.lifeboat.d1.export.ExportRowCounter;
import dev.lifeboat.d1.fixtures.D1Rows;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real wrangler restoring a local D1 larger than one batch: wrangler 4.50.0's local {@code execute --file} crashed workerd
 * on a file of about 2 MB, so a local load goes in parts, each its own batch, parents' rows before their children's.
 */
class D1RestoreTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** orders is made before customers, which it references: the export has its rows first. About 3 MB of rows in all. */
    private static final String SHOP = """
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL REFERENCES customers(id), note TEXT);
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, referred_by INTEGER REFERENCES customers(id));
            CREATE INDEX orders_customer ON orders(customer);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
              INSERT INTO customers SELECT i, 'customer ' || i || ' ' || hex(randomblob(100)), CASE WHEN i > 1 THEN i / 2 END FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
              INSERT INTO orders SELECT i, 1 + i % 6000, 'it''s order ' || i || char(10) || hex(randomblob(100)) FROM n;
            """;

    private static final Wrangler WRANGLER = new Wrangler(InstalledWrangler.executable(), TIMEOUT, DatabaseSecrets.defaults());
    private static final D1Queries QUERIES = new D1Queries(WRANGLER);

    @TempDir
    Path folder;

    @Test
    void aDatabaseLargerThanOneLocalBatchIsRestoredInPartsParentsFirstRowForRowIntoANewDatabaseAndInPlace() throws Exception {
        D1Location shop = new D1Location("shop", null, null, folder, null);
        QUERIES.execute(shop, SHOP);
        Map<String, List<String>> rows = D1Rows.of(QUERIES, shop);
        BackupExport export = new BackupExport(folder.resolve("shop.sql"));
        assertThat(export(shop, export)).containsEntry("orders", 8000L).containsEntry("customers", 6000L);
        assertThat(Files.size(export.file())).as("more than two local batches").isGreaterThan(2 * LoadParts.LOCAL_PART_BYTES);
        Path work = Files.createDirectories(folder.resolve("work"));
        D1Restore restore = new D1Restore(WRANGLER, work, null);

        D1Location copy = restore.createBeside(shop, "shop_copy");
        restore.load(copy, export);
        assertThat(D1Rows.of(QUERIES, copy)).isEqualTo(rows);
        assertThat(schema(copy)).isEqualTo(schema(shop));

        QUERIES.execute(shop, "DELETE FROM orders WHERE id > 100; UPDATE customers SET name = 'changed'; CREATE TABLE extra (x INTEGER)");
        restore.replaceAll(shop, export);
        assertThat(D1Rows.of(QUERIES, shop)).isEqualTo(rows);
        assertThat(schema(shop)).isEqualTo(schema(copy));
        try (var left = Files.list(work)) {
            assertThat(left.toList()).as("each load's files are removed after it").isEmpty();
        }
    }

    /**
     * A recovery that took a frozen restore over ends its lock: the worker, resumed, must write no further batch into the live
     * database, which a backup may be exporting by then. Each batch checks the lock first.
     */
    @Test
    void aLoadIntoALiveDatabaseWhoseLockWasLostWritesNoBatch() throws Exception {
        D1Location notes = new D1Location("notes", null, null, folder, null);
        QUERIES.execute(notes, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'kept'), (2, 'deleted');");
        BackupExport export = new BackupExport(folder.resolve("notes.sql"));
        export(notes, export);
        QUERIES.execute(notes, "DELETE FROM notes WHERE id = 2;");
        Map<String, List<String>> live = D1Rows.of(QUERIES, notes);

        try (PostgresServer own = PostgresServer.start()) {
            D1DatabaseLock lost = D1DatabaseLock.take(() -> own.connect(PostgresServer.DATABASE), notes, Duration.ZERO);
            lost.close(); // its session gone, as when a recovery ends it
            D1Restore restore = new D1Restore(WRANGLER, Files.createDirectories(folder.resolve("work-lost")), lost);

            assertThatThrownBy(() -> restore.replaceAll(notes, export)).isInstanceOfSatisfying(D1DatabaseLock.NotHeld.class,
                            notHeld -> assertThat(notHeld.changed()).as("nothing written").isFalse())
                    .hasMessageContaining("was lost").hasMessageEndingWith("; nothing of this load was written into notes");
            assertThatThrownBy(() -> restore.replaceRows(notes, export, Set.of("notes"))).isInstanceOf(D1DatabaseLock.NotHeld.class)
                    .hasMessageEndingWith("; nothing of this load was written into notes");
        }
        assertThat(D1Rows.of(QUERIES, notes)).isEqualTo(live).containsEntry("notes", List.of("1,'kept'"));
    }

    /**
     * A lock lost between two batches (its session ended after the first batch's check) stops the load before the second,
     * and the failure says how far the load came: the live database lost its own tables in the first batch.
     */
    @Test
    void aLoadWhoseLockIsLostBetweenItsBatchesStopsThereSayingHowManyOfHowManyRan() throws Exception {
        D1Location shop = new D1Location("shop", null, null, folder, null);
        QUERIES.execute(shop, SHOP);
        BackupExport export = new BackupExport(folder.resolve("shop.sql"));
        export(shop, export);
        QUERIES.execute(shop, "CREATE TABLE extra (x INTEGER)");

        try (PostgresServer own = PostgresServer.start()) {
            D1DatabaseLock lock = D1DatabaseLock.take(() -> endedAtTheSecondCheck(own.connect(PostgresServer.DATABASE)), shop, Duration.ZERO);
            D1Restore restore = new D1Restore(WRANGLER, Files.createDirectories(folder.resolve("work-lost")), lock);

            assertThatThrownBy(() -> restore.replaceAll(shop, export)).isInstanceOfSatisfying(D1DatabaseLock.NotHeld.class,
                            lost -> assertThat(lost.changed()).as("the first batch changed the database").isTrue())
                    .hasMessageMatching("(?s).*; this load stopped after 1 of its [3-9] batches: shop lost its own tables in the first"
                            + " and holds part of what was being loaded");
        }
        Map<String, List<String>> partial = D1Rows.of(QUERIES, shop);
        assertThat(partial).as("the first batch dropped extra").doesNotContainKey("extra");
        assertThat(partial.getOrDefault("customers", List.of())).as("part of the customers, the first batch's").hasSizeLessThan(6000);
        assertThat(partial.getOrDefault("orders", List.of())).as("no order: they follow the customers they reference").isEmpty();
    }

    /**
     * A session of Lifeboat's own database that ends (as when a recovery ends it) as the lock held on it is checked the
     * second time: {@link D1DatabaseLock#stillHeld} prepares its query on the session each time it checks.
     */
    private static Connection endedAtTheSecondCheck(Connection session) {
        int[] checks = {0};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("prepareStatement") && String.valueOf(arguments[0]).contains("pg_backend_pid()")
                            && ++checks[0] == 2) {
                        session.close();
                    }
                    try {
                        return method.invoke(session, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The database exported into {@code export}'s file, as a backup exports it; each table's rows, counted from the export. */
    private static Map<String, Long> export(D1Location database, BackupExport export) throws Exception {
        try (D1Export running = D1Export.start(WRANGLER, database, TIMEOUT); OutputStream out = Files.newOutputStream(export.file())) {
            Map<String, Long> rows = ExportRowCounter.copy(running.stream(), out).rows();
            running.awaitSuccess();
            return rows;
        }
    }

    private static List<String> schema(D1Location database) throws Exception {
        return QUERIES.execute(database, "SELECT type, name, sql FROM sqlite_schema WHERE " + D1Queries.ownObjects("name") + " ORDER BY name")
                .stream().map(Object::toString).toList();
    }
}
