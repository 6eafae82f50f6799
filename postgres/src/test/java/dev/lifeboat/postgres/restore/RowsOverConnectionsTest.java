package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pg_restore script of table data loaded over several connections, into a real PostgreSQL 15. */
class RowsOverConnectionsTest {

    private static final String HEADER = """
            --
            -- PostgreSQL database dump
            --

            \\restrict a1b2c3

            SET statement_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SELECT pg_catalog.set_config('search_path', '', false);
            SET row_security = off;

            """;

    private static PostgresServer postgres;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void database() {
        postgres = PostgresServer.start();
        postgres.execute("CREATE DATABASE rows_load");
        postgres.execute("rows_load", """
                CREATE TABLE reading (id int PRIMARY KEY, note text);
                CREATE TABLE reading_by_one_copy (id int PRIMARY KEY, note text);
                CREATE TABLE site (id int, name text);
                """);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void connect() throws Exception {
        postgres.execute("rows_load", "TRUNCATE reading, reading_by_one_copy, site");
        PgConnection server = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword());
        for (int i = 0; i < 3; i++) {
            connections.add(server.open("rows_load", "test"));
        }
    }

    @AfterEach
    void close() throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
        connections.clear();
    }

    @Test
    void eachTablesRowsArriveWholeOverThreeConnectionsAsOneCopyWouldLoadThem() throws Exception {
        String readings = readingRows();
        String script = HEADER + "--\n-- Data for Name: reading; Type: TABLE DATA\n--\n\nCOPY public.reading (id, note) FROM stdin;\n"
                + readings + "\\.\n\n\n--\n-- Data for Name: site\n--\n\nCOPY public.site (id, name) FROM stdin;\n1\tnorth\n2\t\\N\n\\.\n\n"
                + "\\unrestrict a1b2c3\n\n--\n-- PostgreSQL database dump complete\n--\n\n";
        try (Connection reference = connections.get(0)) {
            reference.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY public.reading_by_one_copy (id, note) FROM stdin",
                    new ByteArrayInputStream(readings.getBytes(StandardCharsets.UTF_8)));
        }
        connections.set(0, new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword())
                .open("rows_load", "test"));

        RowsOverConnections.load(pipeLike(script), connections);

        assertThat(query("SELECT count(*) FROM reading")).isEqualTo("20001");
        assertThat(query("SELECT md5(string_agg(id || ':' || coalesce(note, 'NULL'), ',' ORDER BY id)) FROM reading"))
                .isEqualTo(query("SELECT md5(string_agg(id || ':' || coalesce(note, 'NULL'), ',' ORDER BY id)) FROM reading_by_one_copy"));
        assertThat(query("SELECT length(note) FROM reading WHERE id = 20001")).as("a row larger than a piece").isEqualTo(String.valueOf(3 << 20));
        assertThat(query("SELECT string_agg(id || '=' || coalesce(name, 'NULL'), ',' ORDER BY id) FROM site")).isEqualTo("1=north,2=NULL");
    }

    @Test
    void theScriptsSettingsAreMadeOnEveryConnection() throws Exception {
        String script = "SET statement_timeout = 12345;\nSET lock_timeout = 4321;\nCOPY public.site (id, name) FROM stdin;\n1\ta\n\\.\n";

        RowsOverConnections.load(pipeLike(script), connections);

        for (Connection connection : connections) {
            assertThat(show(connection, "statement_timeout")).isEqualTo("12345ms");
            assertThat(show(connection, "lock_timeout")).isEqualTo("4321ms");
        }
    }

    @Test
    void aRowTheServerRefusesStopsTheLoadSoonWithItsMessageAndEndsEveryConnectionsCopy() throws Exception {
        Rows rows = new Rows(HEADER + "COPY public.reading (id, note) FROM stdin;\n", 10_000_000, 50_000);

        assertThatThrownBy(() -> RowsOverConnections.load(rows, connections))
                .isInstanceOf(PgRestoreException.class)
                .hasMessageContaining("invalid input syntax for type integer: \"not a number\"");

        assertThat(rows.id).as("rows read before the load stopped, of 10,000,000 (each connection hears of a refused row "
                + "within " + RowsOverConnections.COPY_BYTES + " bytes)").isLessThan(5_000_000);
        for (Connection connection : connections) {
            assertThat(show(connection, "transaction_isolation")).as("the connection is out of its COPY").isNotEmpty();
        }
    }

    /** A script of {@code count} rows made as it is read, one of them refused by the server. */
    private static final class Rows extends InputStream {
        private final int count;
        private final int refused;
        private byte[] current;
        private int at;
        private int id;

        Rows(String header, int count, int refused) {
            this.count = count;
            this.refused = refused;
            this.current = header.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (at == current.length) {
                if (id > count) {
                    return -1;
                }
                StringBuilder next = new StringBuilder();
                for (int i = 0; i < 1000 && id <= count; i++) {
                    id++;
                    next.append(id == refused ? "not a number" : String.valueOf(id)).append("\tnote ").append(id).append('\n');
                }
                if (id > count) {
                    next.append("\\.\n");
                }
                current = next.toString().getBytes(StandardCharsets.UTF_8);
                at = 0;
            }
            int n = Math.min(length, current.length - at);
            System.arraycopy(current, at, buffer, offset, n);
            at += n;
            return n;
        }
    }

    @Test
    void aLineThatIsNeitherASettingNorACommentNorRowsFailsTheLoad() throws Exception {
        String script = HEADER + "CREATE TABLE surprise (id int);\n";

        assertThatThrownBy(() -> RowsOverConnections.load(pipeLike(script), connections))
                .isInstanceOf(PgRestoreException.class)
                .hasMessage("pg_restore's script of table data has a line the row load does not expect: CREATE TABLE surprise (id int);");
        assertThat(query("SELECT count(*) FROM pg_class WHERE relname = 'surprise'")).isEqualTo("0");
    }

    @Test
    void rowsWithoutTheirEndLineFailTheLoad() {
        String script = HEADER + "COPY public.site (id, name) FROM stdin;\n1\tnorth\n";

        assertThatThrownBy(() -> RowsOverConnections.load(pipeLike(script), connections))
                .isInstanceOf(PgRestoreException.class)
                .hasMessage("pg_restore's rows for COPY public.site (id, name) FROM stdin end before their \\. line");
    }

    /** Values COPY's text format escapes (tab, newline, backslash, a NULL, "\." inside a value), and one of 3 MiB. */
    private static String readingRows() {
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 20_000; id++) {
            String note = switch (id % 5) {
                case 0 -> "tab\\there";
                case 1 -> "line\\nbreak";
                case 2 -> "back\\\\slash \\\\. and ü€";
                case 3 -> "\\N";
                default -> "plain " + id;
            };
            rows.append(id).append('\t').append(note).append('\n');
        }
        rows.append(20_001).append('\t').append("x".repeat(3 << 20)).append('\n');
        return rows.toString();
    }

    /** The script as a pipe gives it: at most 65,536 bytes a read. */
    private static InputStream pipeLike(String script) {
        return new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 65_536));
            }
        };
    }

    private static String query(String sql) throws Exception {
        try (Connection connection = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword())
                .open("rows_load", "test"); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }
}
