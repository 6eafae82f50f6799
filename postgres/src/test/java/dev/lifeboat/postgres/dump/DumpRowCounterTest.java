package dev.lifeboat.postgres.dump;

import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row counter against real {@code pg_dump} 15 archives of a real PostgreSQL 15 database whose values
 * are hard on a line counter; and whatever the archive, the copy is the archive, byte for byte.
 */
class DumpRowCounterTest {

    private static final String DATABASE = "awkward";
    private static PostgresServer postgres;

    @BeforeAll
    static void awkwardDatabase() {
        postgres = PostgresServer.start();
        postgres.execute("CREATE DATABASE " + DATABASE);
        postgres.execute(DATABASE, """
                CREATE TABLE note (id int PRIMARY KEY, body text);
                INSERT INTO note VALUES (1, E'two\\nlines'), (2, E'\\\\.'), (3, E'ends with a backslash\\\\'), (4, ''),
                    (5, NULL), (6, E'tab\\there'), (7, E'\\\\.\\n\\n\\n');
                CREATE TABLE single (value text);
                INSERT INTO single VALUES (''), (''), (E'\\\\.'), ('');
                CREATE TABLE nothing (id int);
                CREATE TABLE vehicle (id int, name text);
                CREATE TABLE truck (payload int) INHERITS (vehicle);
                INSERT INTO vehicle VALUES (1, 'car'), (2, 'bike');
                INSERT INTO truck VALUES (3, 'lorry', 40), (4, 'van', 2), (5, 'tipper', 20);
                CREATE TABLE reading (at date NOT NULL, value float8) PARTITION BY RANGE (at);
                CREATE TABLE reading_2025 PARTITION OF reading FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE reading_2026 PARTITION OF reading FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                INSERT INTO reading SELECT date '2025-01-01' + i, i FROM generate_series(0, 600) i;
                CREATE TABLE bulk AS SELECT i, md5(i::text) AS hash FROM generate_series(1, 200000) i;
                SELECT lo_from_bytea(0, 'a large object, dumped in a block of its own');
                """);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void countsEveryTablesOwnRowsExactlyAndPassesTheArchiveOnUnchanged() throws Exception {
        byte[] archive = dump("--compress=0");

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        DumpRowCounter.Copied copied = DumpRowCounter.copy(new ByteArrayInputStream(archive), copy);

        assertThat(copy.toByteArray()).isEqualTo(archive);
        assertThat(copied.bytes()).isEqualTo(archive.length);
        assertThat(copied.rows().unreadable()).isEmpty();
        assertThat(copied.rows().byTable()).isEqualTo(ownRowsInSql());
        assertThat(copied.rows().digests()).as("every table with rows of its own has its rows' digest")
                .containsOnlyKeys(ownRowsInSql().keySet());
    }

    @Test
    void aDumpInAnEncodingAJdbcSessionReadsInOtherBytesGetsNoDigests() throws Exception {
        postgres.execute("CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        postgres.execute("latin", "CREATE TABLE t (name text); INSERT INTO t VALUES ('caf\u00e9')");

        DumpRowCounter.Copied copied = DumpRowCounter.copy(new ByteArrayInputStream(dump("--compress=0", "latin")), OutputStream.nullOutputStream());

        assertThat(copied.rows().byTable()).isEqualTo(Map.of("public.t", 1L));
        assertThat(copied.rows().digests()).isEmpty();
    }

    /** A pipe hands over what it holds: every integer and chunk of the archive is split across reads somewhere. */
    @Test
    void anArchiveArrivingAFewBytesAtATimeIsCountedAndCopiedAlike() throws Exception {
        byte[] archive = dump("--compress=0");
        InputStream trickle = new ByteArrayInputStream(archive) {
            private int next;

            @Override
            public synchronized int read(byte[] bytes, int offset, int length) {
                return super.read(bytes, offset, Math.min(length, 1 + next++ % 7));
            }
        };

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        DumpRowCounter.Copied copied = DumpRowCounter.copy(trickle, copy);

        assertThat(copy.toByteArray()).isEqualTo(archive);
        assertThat(copied.rows().unreadable()).isEmpty();
        assertThat(copied.rows().byTable()).isEqualTo(ownRowsInSql());
        assertThat(copied.rows().digests()).as("rows and end-of-data lines split anywhere digest alike")
                .isEqualTo(DumpRowCounter.copy(new ByteArrayInputStream(archive), OutputStream.nullOutputStream()).rows().digests());
    }

    @Test
    void tableRowsGiveWhatCountStarGivesIncludingInheritanceChildrenAndPartitions() throws Exception {
        DumpedRows dumped = DumpRowCounter.copy(new ByteArrayInputStream(dump("--compress=0")), java.io.OutputStream.nullOutputStream()).rows();
        try (Connection connection = postgres.connect(DATABASE)) {
            TableRows tables = TableRows.survey(connection);

            TableRows.Counted fromArchive = tables.count(connection, dumped);
            assertThat(fromArchive.rows()).isEqualTo(countStar(connection, false));
            assertThat(fromArchive.countedInSql()).isZero();

            TableRows.Counted inSql = tables.count(connection, DumpedRows.unreadable("for the test"));
            assertThat(inSql.rows()).isEqualTo(countStar(connection, false));
            assertThat(inSql.countedInSql()).isEqualTo(ownRowsInSql().size());
        }
    }

    @Test
    void anArchiveItCannotFollowIsStillCopiedWholeAndSaysWhy() throws Exception {
        byte[] compressed = dump("--compress=1");
        byte[] full = dump("--compress=0");
        byte[] truncated = Arrays.copyOf(full, full.length - 1000);
        byte[] plainText = dump("--format=plain");
        byte[] empty = new byte[0];

        assertUnreadable(compressed, "compressed");
        assertUnreadable(truncated, "ends in the middle");
        assertUnreadable(plainText, "not a pg_dump custom-format archive");
        assertUnreadable(empty, "ends in the middle");
    }

    private static void assertUnreadable(byte[] archive, String why) throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        DumpRowCounter.Copied copied = DumpRowCounter.copy(new ByteArrayInputStream(archive), copy);
        assertThat(copy.toByteArray()).isEqualTo(archive);
        assertThat(copied.bytes()).isEqualTo(archive.length);
        assertThat(copied.rows().byTable()).isEmpty();
        assertThat(copied.rows().unreadable()).hasValueSatisfying(reason -> assertThat(reason).contains(why));
    }

    private static byte[] dump(String option) throws IOException, InterruptedException {
        return dump(option, DATABASE);
    }

    private static byte[] dump(String option, String database) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("pg_dump", "--format=custom", option, "--no-password",
                "--host=" + postgres.host(), "--port=" + postgres.port(), "--username=" + postgres.superuser(),
                "--dbname=" + database));
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        byte[] archive = process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as("pg_dump's exit").isZero();
        return archive;
    }

    /** Own rows ({@code FROM ONLY}) of every table that holds rows itself. */
    private static Map<String, Long> ownRowsInSql() throws SQLException {
        try (Connection connection = postgres.connect(DATABASE)) {
            return countStar(connection, true);
        }
    }

    private static Map<String, Long> countStar(Connection connection, boolean only) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT relname, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                     + "AND relkind IN ('r', 'p') ORDER BY relname")) {
            List<String[]> names = new java.util.ArrayList<>();
            while (tables.next()) {
                names.add(new String[]{tables.getString(1), tables.getString(2)});
            }
            for (String[] table : names) {
                if (only && table[1].equals("p")) {
                    continue;
                }
                try (Statement count = connection.createStatement();
                     ResultSet result = count.executeQuery("SELECT count(*) FROM " + (only ? "ONLY " : "") + "public." + table[0])) {
                    result.next();
                    counts.put("public." + table[0], result.getLong(1));
                }
            }
        }
        return counts;
    }
}
