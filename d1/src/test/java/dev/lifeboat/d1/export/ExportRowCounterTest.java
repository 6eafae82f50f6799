package dev.lifeboat.d1.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows counted from the export's own statements, whatever the values hold, and an export cut short refused. */
class ExportRowCounterTest {

    private static final String EXPORT = String.join("\n",
            "PRAGMA defer_foreign_keys=TRUE;",
            "CREATE TABLE clients(id INTEGER PRIMARY KEY, name TEXT);",
            "INSERT INTO \"clients\" VALUES(1,'a''b; INSERT INTO \"clients\" VALUES(9,''x'');');",
            "INSERT INTO \"clients\" VALUES(2,replace('line1\\nline2','\\n',char(10)));",
            "CREATE TABLE IF NOT EXISTS \"odd \"\"name\"\"\"(id INTEGER PRIMARY KEY AUTOINCREMENT, c TEXT);",
            "INSERT INTO \"odd \"\"name\"\"\" VALUES(1,'✓ unicode');",
            "CREATE TABLE [empty](id);",
            "DELETE FROM sqlite_sequence;",
            "INSERT INTO \"sqlite_sequence\" VALUES('odd \"name\"',1);",
            "CREATE TRIGGER log AFTER INSERT ON clients BEGIN INSERT INTO \"clients\" VALUES(100, 'a'); INSERT INTO empty VALUES(1); END;",
            "CREATE VIEW v AS SELECT * FROM clients;");

    @Test
    void eachTablesRowsAreItsInsertsOutsideQuotesAndTriggersAndAnEmptyTableCountsZero() throws IOException {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();

        ExportRowCounter.Counted counted = ExportRowCounter.copy(new ByteArrayInputStream(bytes(EXPORT)), copy);

        assertThat(counted.rows()).isEqualTo(Map.of("clients", 2L, "odd \"name\"", 1L, "empty", 0L));
        assertThat(copy.toByteArray()).isEqualTo(bytes(EXPORT));
        assertThat(counted.bytes()).isEqualTo(bytes(EXPORT).length);
    }

    @Test
    void commentsAndQuotedNamesInTheSchemaHoldNoStatementsEnd() throws IOException {
        String export = String.join("\n",
                "PRAGMA defer_foreign_keys=TRUE;",
                "CREATE TABLE clients (id INTEGER PRIMARY KEY, -- the client's id; never reused",
                "  name TEXT /* a person's; or a firm's */, [it's; odd] TEXT, `back;tick` TEXT);",
                "INSERT INTO \"clients\" VALUES(1,'a','--not a comment','/* nor this');",
                "INSERT INTO \"clients\" VALUES(-1,'b',NULL,NULL);",
                "CREATE TABLE acf_fields(x);",
                "INSERT INTO \"acf_fields\" VALUES(1);",
                "CREATE TABLE d1_migrations(id INTEGER PRIMARY KEY, name TEXT);",
                "INSERT INTO \"d1_migrations\" VALUES(1,'0001_init.sql');");

        assertThat(ExportRowCounter.copy(new ByteArrayInputStream(bytes(export)), OutputStream.nullOutputStream()).rows())
                .isEqualTo(Map.of("clients", 2L, "acf_fields", 1L, "d1_migrations", 1L));
    }

    @Test
    void anExportArrivingAByteAtATimeIsCountedAlike() throws IOException {
        InputStream trickle = new ByteArrayInputStream(bytes(EXPORT)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        assertThat(ExportRowCounter.copy(trickle, OutputStream.nullOutputStream()).rows())
                .containsEntry("clients", 2L).containsEntry("empty", 0L);
    }

    @Test
    void valuesLongerThanAReadAndThanAStatementsHeadAreReadWholeAndCountedOnce() throws IOException {
        String value = "x;'".repeat(40_000).replace("'", "''"); // 160,000 characters of a quoted text, semicolons and quotes in it
        String row = "INSERT INTO \"clients\" VALUES(3,'" + value + "')";
        String export = EXPORT.replace("CREATE VIEW", row + ";\nCREATE VIEW");
        java.util.List<String> whole = new java.util.ArrayList<>();

        ExportReader.forEach(inUnevenReads(export), whole::add);
        ExportRowCounter.Counted counted = ExportRowCounter.copy(inUnevenReads(export), OutputStream.nullOutputStream());

        assertThat(whole).contains(row).hasSize(12);
        assertThat(counted.rows()).containsEntry("clients", 3L);
    }

    /** Reads of uneven lengths, ending anywhere in a value. */
    private static InputStream inUnevenReads(String export) {
        return new ByteArrayInputStream(bytes(export)) {
            private int next = 1;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                next = next * 7 % 9_973 + 1;
                return super.read(b, off, Math.min(len, next));
            }
        };
    }

    @Test
    void anExportCutInsideAStatementOrAValueIsRefused() {
        for (int cut : new int[]{EXPORT.indexOf("a''b") + 2, EXPORT.indexOf("CREATE VIEW") + 5, EXPORT.indexOf("BEGIN") + 10}) {
            assertThatThrownBy(() -> ExportRowCounter.copy(new ByteArrayInputStream(bytes(EXPORT.substring(0, cut))), OutputStream.nullOutputStream()))
                    .as("cut at %d", cut).isInstanceOf(ExportCutShortException.class).hasMessageContaining("cut short");
        }
    }

    @Test
    void anEmptyStreamOrOneThatIsNotAWranglerExportIsRefused() {
        assertThatThrownBy(() -> ExportRowCounter.copy(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream()))
                .isInstanceOf(ExportCutShortException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ExportRowCounter.copy(new ByteArrayInputStream(bytes("SELECT 1;")), OutputStream.nullOutputStream()))
                .isInstanceOf(ExportCutShortException.class).hasMessageContaining("does not begin");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
