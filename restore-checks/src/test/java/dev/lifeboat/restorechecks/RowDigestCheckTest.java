package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.copytext.CopyOutput;
import dev.lifeboat.postgres.dump.DumpRowCounter;
import dev.lifeboat.postgres.dump.DumpedRows;
import dev.lifeboat.postgres.dump.PgDumpProcess;
import dev.lifeboat.postgres.dump.TableRows;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row digests end to end on a real PostgreSQL 15: recorded while Lifeboat's {@code pg_dump} streams past
 * ({@link PgDumpProcess}, {@link DumpRowCounter}), in a database whose default time zone is not UTC, then compared with
 * a real {@code pg_restore} of the archive into a database whose defaults print rows otherwise (time zone, bytea,
 * intervals). The same rows in another order pass; one changed value, or two rows' values swapped, fail naming the table.
 */
class RowDigestCheckTest {

    private static final CheckLanes ONE = CheckLanes.single();
    private static PostgresServer postgres;
    private static RowDigests digests;
    private static Path archive;

    @BeforeAll
    static void dumpedAndRestored() throws Exception {
        postgres = PostgresServer.start();
        postgres.execute("CREATE DATABASE source");
        postgres.execute("ALTER DATABASE source SET timezone TO 'America/New_York'");
        postgres.execute("source", """
                CREATE TABLE kinds (id int PRIMARY KEY, at timestamptz, day date, span interval, f float8, r real, raw bytea,
                    price numeric, cash money, doc jsonb, tags text[], note text, flag boolean, twice int GENERATED ALWAYS AS (id * 2) STORED);
                INSERT INTO kinds (id, at, day, span, f, r, raw, price, cash, doc, tags, note, flag) VALUES
                    (1, '2026-11-28 01:02:03.456789+01', '2026-02-28', '1 year 2 mons 3 days 04:05:06.7', 0.1, 1.5e-7, '\\x00ff0a09',
                     123456789.000100, 12.34, '{"b": [1, 2.50, null], "a": "x\\ty"}', '{"a b", "c\\"d", NULL}', E'tab\\there\\nline \\\\ back', true),
                    (2, '-infinity', 'infinity', '-1 days', 'NaN', '-Infinity', '', 0, -1, 'null', '{}', '', false),
                    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                    (4, '1999-12-31 23:59:59+14', '0044-03-15 BC', '0', 1e300, 3.4e38, decode(repeat('ab', 500), 'hex'), -0.0, 0, '[]', '{x}', 'ünïcödé ✓', NULL);
                CREATE TABLE vehicle (id int);
                CREATE TABLE truck (payload text) INHERITS (vehicle);
                ALTER TABLE vehicle ADD COLUMN name text;
                INSERT INTO vehicle VALUES (1, 'car');
                INSERT INTO truck (id, payload, name) VALUES (2, '40 t', 'lorry'), (3, '2 t', 'van');
                CREATE TABLE reading (at date NOT NULL, value float8) PARTITION BY RANGE (at);
                CREATE TABLE reading_2026 PARTITION OF reading FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                INSERT INTO reading SELECT date '2026-01-01' + i % 365, i / 7.0 FROM generate_series(0, 999) i;
                CREATE TABLE "Odd ""Name""\" ("Weird, Col" int, "a (b)" text);
                INSERT INTO "Odd ""Name""\" VALUES (1, 'one'), (1, 'one');
                CREATE TABLE refs (id int, rel regclass, typ regtype);
                INSERT INTO refs VALUES (1, 'public.vehicle', 'integer'), (2, 'pg_class', 'public.kinds');
                CREATE TABLE nothing ();
                CREATE TABLE bulk AS SELECT i AS id, md5(i::text) AS hash, now() - i * interval '1 minute' AS at FROM generate_series(1, 50000) i;
                CREATE TABLE wide AS SELECT i AS id, repeat(md5(i::text), 4) AS text FROM generate_series(1, 500000) i;
                """);
        archive = Files.createTempFile("digested", ".dump");
        try (Connection snapshot = postgres.connect("source")) {
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String exported;
            try (Statement statement = snapshot.createStatement(); ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
                result.next();
                exported = result.getString(1);
            }
            TableRows tables = TableRows.survey(snapshot);
            Map<String, String> settings = CopyOutput.recorded(snapshot);
            DumpedRows dumped;
            try (PgDumpProcess dump = PgDumpProcess.start("pg_dump", new PgConnection(postgres.host(), postgres.port(),
                    postgres.superuser(), postgres.superuserPassword()), "source", exported);
                 OutputStream out = Files.newOutputStream(archive)) {
                dumped = DumpRowCounter.copy(dump.archive(), out).rows();
                dump.awaitSuccess();
            }
            digests = new RowDigests(settings, tables.digests(dumped), tables.notDigested(dumped));
        }
        postgres.execute("CREATE DATABASE restored");
        postgres.execute("ALTER DATABASE restored SET timezone TO 'Asia/Kolkata'");
        postgres.execute("ALTER DATABASE restored SET bytea_output TO 'escape'");
        postgres.execute("ALTER DATABASE restored SET IntervalStyle TO 'sql_standard'");
        ProcessBuilder restore = new ProcessBuilder("pg_restore", "--no-password", "--host=" + postgres.host(), "--port=" + postgres.port(),
                "--username=" + postgres.superuser(), "--dbname=restored", "--exit-on-error", archive.toString());
        restore.environment().put("PGPASSWORD", postgres.superuserPassword());
        restore.redirectErrorStream(true);
        Process process = restore.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("pg_restore: %s", output).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        Files.deleteIfExists(archive);
    }

    @Test
    void everyTableTheDumpHeldHasADigestWithTheDumpsColumns() {
        assertThat(digests.tables()).containsOnlyKeys("public.kinds", "public.vehicle", "public.truck", "public.reading_2026",
                "public.Odd \"Name\"", "public.nothing", "public.bulk", "public.wide", "public.refs");
        assertThat(digests.tables().get("public.kinds").columns()).as("a generated column is not dumped").doesNotContain("twice").hasSize(13);
        assertThat(digests.tables().get("public.truck").columns()).containsExactly("id", "payload", "name");
        assertThat(digests.tables().get("public.Odd \"Name\"").columns()).containsExactly("Weird, Col", "a (b)");
        assertThat(digests.outputSettings()).containsEntry("TimeZone", "UTC").containsKeys("bytea_output", "lc_monetary");
    }

    @Test
    void aRestoredCopyPassesThoughItsDefaultsPrintRowsOtherwiseAndAChildsColumnsMoved() throws SQLException {
        try (Connection restored = postgres.connect("restored")) {
            assertThat(columns(restored, "truck")).as("pg_restore puts inherited columns first").containsExactly("id", "name", "payload");

            List<String> tables = new ArrayList<>(digests.tables().keySet());
            tables.add("public.reading"); // a partitioned parent: its rows are its partition's, compared there
            ValidationResult result = RowDigestCheck.check(restored, ONE, digests, tables, "15.4", new TreeMap<>());

            assertThat(result.passed()).as(result.details()).isTrue();
            assertThat(result.check()).isEqualTo("ROW_DIGESTS");
            assertThat(result.details()).isEqualTo("9 tables' rows match the backup's digests");
            try (Statement statement = restored.createStatement(); ResultSet zone = statement.executeQuery("SHOW TimeZone")) {
                zone.next();
                assertThat(zone.getString(1)).as("the session's own settings are put back").isEqualTo(
                        java.util.TimeZone.getDefault().getID());
            }
        }
    }

    @Test
    void aLargeTableIsReadInBlockRangesOverSeveralConnectionsToTheSameDigestAndADifferenceInItsLastRangeIsFound()
            throws SQLException {
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        try (Connection restored = postgres.connect("restored")) {
            assertThat(blocks(restored, "wide")).as("a table past the size read in pieces")
                    .isGreaterThan(RowDigestReader.SPLIT_MB * 1024L * 1024 / 8192);
            CheckLanes three = new CheckLanes(3, () -> {
                opened.incrementAndGet();
                return postgres.connect("restored");
            });

            ValidationResult result = RowDigestCheck.check(restored, three, digests, List.copyOf(digests.tables().keySet()), "15.4", new TreeMap<>());

            assertThat(result.passed()).as(result.details()).isTrue();
            assertThat(opened).hasValue(3);
            assertThat(RowDigestReader.pieces(restored, 3, digests, List.of("public.wide"))).as("the large table in three ranges")
                    .hasSize(3).allMatch(piece -> piece.copy().contains("ctid >= '("));
        }
        postgres.execute("CREATE DATABASE widened TEMPLATE restored");
        postgres.execute("widened", "UPDATE wide SET text = upper(text) WHERE id = (SELECT max(id) FROM wide)");
        try (Connection widened = postgres.connect("widened")) {
            ValidationResult result = RowDigestCheck.check(widened, new CheckLanes(2, () -> postgres.connect("widened")), digests,
                    List.of("public.wide", "public.kinds"), "15.4", new TreeMap<>());

            assertThat(result.passed()).isFalse();
            assertThat(result.details()).startsWith("public.wide: its 500000 rows are not the backup's");
        }
    }

    @Test
    void rowsThisServerCannotPrintAsTheDumpsDidAreNamedNotComparedNotFailed() throws SQLException {
        Map<String, String> settings = new java.util.HashMap<>(digests.outputSettings());
        settings.put("lc_monetary", "xx_XX.UTF-8");
        RowDigests lackingLocale = new RowDigests(settings, digests.tables(), digests.notCompared());
        try (Connection restored = postgres.connect("restored")) {
            ValidationResult money = RowDigestCheck.check(restored, ONE, lackingLocale, List.of("public.kinds", "public.bulk"), "15.4", new TreeMap<>());
            assertThat(money.passed()).as(money.details()).isTrue();
            assertThat(money.details()).isEqualTo("1 table's rows match the backup's digests; not compared: public.kinds (its money "
                    + "values print by lc_monetary 'xx_XX.UTF-8', a locale this server lacks)");

            ValidationResult floats = RowDigestCheck.check(restored, ONE, digests, List.of("public.kinds", "public.reading_2026",
                    "public.bulk"), "11.22", new TreeMap<>());
            assertThat(floats.details()).isEqualTo("1 table's rows match the backup's digests; not compared: public.kinds (PostgreSQL 11 "
                    + "printed its floating-point values otherwise than 15 does), public.reading_2026 (PostgreSQL 11 printed its "
                    + "floating-point values otherwise than 15 does)");
        }
    }

    @Test
    void theSameRowsInAnotherPhysicalOrderPass() throws SQLException {
        postgres.execute("CREATE DATABASE reordered TEMPLATE restored");
        postgres.execute("reordered", """
                CREATE TABLE shuffled AS SELECT * FROM bulk ORDER BY md5(hash);
                TRUNCATE bulk;
                INSERT INTO bulk SELECT * FROM shuffled;
                DROP TABLE shuffled;
                """);
        try (Connection reordered = postgres.connect("reordered")) {
            ValidationResult result = RowDigestCheck.check(reordered, ONE, digests, List.of("public.bulk"), "15.4", new TreeMap<>());

            assertThat(result.passed()).as(result.details()).isTrue();
        }
    }

    @Test
    void aChangedValueOrTwoRowsValuesSwappedFailNamingTheTableThoughItsCountIsRight() throws SQLException {
        postgres.execute("CREATE DATABASE damaged TEMPLATE restored");
        postgres.execute("damaged", """
                UPDATE kinds SET at = at + interval '1 microsecond' WHERE id = 1;
                UPDATE truck SET payload = CASE id WHEN 2 THEN '2 t' ELSE '40 t' END;
                """);
        try (Connection damaged = postgres.connect("damaged")) {
            ValidationResult result = RowDigestCheck.check(damaged, ONE, digests, List.of("public.kinds", "public.truck", "public.bulk"), "15.4", new TreeMap<>());

            assertThat(result.passed()).isFalse();
            assertThat(result.details()).startsWith("public.kinds: its 4 rows are not the backup's (digest ")
                    .contains("; public.truck: its 2 rows are not the backup's").doesNotContain("public.bulk");
        }
    }

    @Test
    void aTableWithoutADigestIsNamedAsNotComparedAndWhy() throws SQLException {
        RowDigests replayed = digests.replayed(java.util.Set.of("public.bulk"));
        try (Connection restored = postgres.connect("restored")) {
            ValidationResult result = RowDigestCheck.check(restored, ONE, replayed, List.of("public.kinds", "public.bulk"), "15.4", new TreeMap<>());

            assertThat(result.passed()).isTrue();
            assertThat(result.details()).isEqualTo("1 table's rows match the backup's digests; not compared: public.bulk (changed by the replay)");
        }
    }

    @Test
    void theRowsTheDigestsReadCountEachTableAsCountStarWouldAParentWithItsChildrenAndAFalseCountStillFails() throws SQLException {
        try (Connection restored = postgres.connect("restored")) {
            List<String> tables = new ArrayList<>(digests.tables().keySet());
            tables.add("public.reading");
            Map<String, Long> rowsRead = new TreeMap<>();
            RowDigestCheck.check(restored, new CheckLanes(2, () -> postgres.connect("restored")), digests, tables, "15.4", rowsRead);
            assertThat(rowsRead).as("a table's own rows: an inheritance parent's without its child's; the large table read in ranges")
                    .containsEntry("public.vehicle", 1L).containsEntry("public.truck", 2L).containsEntry("public.wide", 500_000L)
                    .doesNotContainKey("public.reading");
            Map<String, Long> countStar = new TreeMap<>();
            for (String table : tables) {
                countStar.put(table, RowCountCheck.counted(restored, table));
            }
            assertThat(countStar).containsEntry("public.vehicle", 3L).containsEntry("public.reading", 1000L);

            Map<String, Long> counted = new TreeMap<>();
            ValidationResult counts = RowCountCheck.check(restored, countStar, tables, rowsRead, counted);

            assertThat(counts.passed()).as(counts.details()).isTrue();
            assertThat(counted).isEqualTo(countStar);
            countStar.put("public.vehicle", 2L);
            assertThat(RowCountCheck.check(restored, countStar, tables, rowsRead, new TreeMap<>()).details())
                    .isEqualTo("public.vehicle: 3 rows, the manifest says 2");

            Map<String, Long> claimed = new TreeMap<>(rowsRead);
            claimed.put("public.vehicle", 100L); // rows said read that no scan would find: counted from them, not count(*)
            Map<String, Long> fromClaims = new TreeMap<>();
            RowCountCheck.check(restored, countStar, tables, claimed, fromClaims);
            assertThat(fromClaims).containsEntry("public.vehicle", 100L + 2).containsEntry("public.truck", 2L);
        }
    }

    private static long blocks(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT pg_relation_size('public." + table + "') / 8192")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'public." + table + "'::regclass AND attnum > 0 ORDER BY attnum")) {
            while (result.next()) {
                columns.add(result.getString(1));
            }
        }
        return columns;
    }
}
