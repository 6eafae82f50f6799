package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Archives {@code pg_dump -Fc} wrote to a pipe, as backups are, restored streamed with their rows over several
 * connections into a real PostgreSQL 15: the copy is the database, schema and rows.
 */
class RowsOverConnectionsRestoreTest {

    private static PostgresServer postgres;
    private static PgConnection server;
    private final PgRestoreProcess pgRestore = new PgRestoreProcess("pg_restore", false, "lifeboat test");

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        postgres = PostgresServer.start();
        server = new PgConnection(postgres.host(), postgres.port(), postgres.superuser(), postgres.superuserPassword());
        postgres.execute("CREATE DATABASE varied");
        postgres.execute("varied", """
                CREATE TABLE site (id int PRIMARY KEY, name text UNIQUE NOT NULL);
                INSERT INTO site SELECT g, 'site ' || g FROM generate_series(1, 50) g;
                CREATE TABLE reading (
                    id bigint PRIMARY KEY, site_id int REFERENCES site (id), taken timestamptz NOT NULL, note text,
                    amount numeric(12, 2), doubled numeric GENERATED ALWAYS AS (amount * 2) STORED, tags text[], doc jsonb, picture bytea);
                INSERT INTO reading (id, site_id, taken, note, amount, tags, doc, picture)
                SELECT g, 1 + g % 50, timestamptz '2026-01-01' + g * interval '1 minute',
                       CASE g % 6 WHEN 0 THEN E'tab\\there' WHEN 1 THEN E'line\\nbreak' WHEN 2 THEN E'back\\\\slash' WHEN 3 THEN '\\.'
                                  WHEN 4 THEN NULL ELSE 'ü€ ' || g END,
                       g / 7.0, ARRAY['a' || g, 'b'], jsonb_build_object('g', g), decode(md5(g::text), 'hex')
                FROM generate_series(1, 30000) g;
                CREATE INDEX reading_taken ON reading (taken);
                COMMENT ON TABLE reading IS 'what the sensors read';
                CREATE SEQUENCE invoice_no;
                SELECT setval('invoice_no', 777);
                CREATE VIEW recent AS SELECT id, note FROM reading WHERE taken > timestamptz '2026-01-20';
                CREATE TABLE measurement (at date NOT NULL, value int) PARTITION BY RANGE (at);
                CREATE TABLE measurement_2026 PARTITION OF measurement FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                CREATE TABLE measurement_2027 PARTITION OF measurement FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
                INSERT INTO measurement SELECT date '2026-06-01' + g, g FROM generate_series(1, 400) g;
                CREATE FUNCTION no_negative() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.value < 0 THEN RAISE EXCEPTION 'negative'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER measurement_no_negative BEFORE INSERT ON measurement_2026 FOR EACH ROW EXECUTE FUNCTION no_negative();
                CREATE TABLE empty (id int);
                """);
        postgres.execute("CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'");
        postgres.execute("latin", """
                CREATE TABLE "café" ("prénom" text PRIMARY KEY, "âge" int);
                INSERT INTO "café" SELECT 'Zoë ' || g, g FROM generate_series(1, 5000) g;
                """);
        postgres.execute("CREATE DATABASE with_large_objects");
        postgres.execute("with_large_objects", """
                CREATE TABLE picture (id int PRIMARY KEY, blob oid);
                INSERT INTO picture SELECT 1, lo_from_bytea(0, convert_to(repeat('large object ', 1000), 'UTF8'));
                """);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void restoredWithItsRowsOverThreeConnectionsTheArchiveIsTheDatabase() throws Exception {
        Path archive = pipedDump("varied");
        postgres.execute("CREATE DATABASE varied_copy");
        List<Boolean> reads = new ArrayList<>();

        long read = new RowsOverConnectionsRestore(pgRestore, 3).restore(server, "varied_copy", whole -> {
            reads.add(whole);
            return Files.newInputStream(archive);
        });

        assertThat(DumpCommands.plainDumpInAnyRowOrder(postgres, dir, "varied_copy"))
                .isEqualTo(DumpCommands.plainDumpInAnyRowOrder(postgres, dir, "varied"));
        assertThat(read).isEqualTo(Files.size(archive));
        assertThat(reads).as("table of contents, schema, rows (the whole archive), the rest").containsExactly(false, false, true, false);
        postgres.execute("DROP DATABASE varied_copy");
    }

    @Test
    void aLatin1ArchiveWithAccentedNamesIsRestoredWithItsRowsOverTwoConnections() throws Exception {
        Path archive = pipedDump("latin");
        postgres.execute("CREATE DATABASE latin_copy TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'");

        new RowsOverConnectionsRestore(pgRestore, 2).restore(server, "latin_copy", whole -> Files.newInputStream(archive));

        assertThat(DumpCommands.plainDumpInAnyRowOrder(postgres, dir, "latin_copy"))
                .isEqualTo(DumpCommands.plainDumpInAnyRowOrder(postgres, dir, "latin"))
                .contains("COPY public.\"café\" (\"prénom\", \"âge\") FROM stdin;");
        postgres.execute("DROP DATABASE latin_copy");
    }

    @Test
    void anArchiveWithLargeObjectsIsRestoredByOnePgRestore() throws Exception {
        Path archive = pipedDump("with_large_objects");
        postgres.execute("CREATE DATABASE with_large_objects_copy");
        List<Boolean> reads = new ArrayList<>();

        new RowsOverConnectionsRestore(pgRestore, 2).restore(server, "with_large_objects_copy", whole -> {
            reads.add(whole);
            return Files.newInputStream(archive);
        });

        assertThat(DumpCommands.plainDump(postgres, dir, "with_large_objects_copy"))
                .isEqualTo(DumpCommands.plainDump(postgres, dir, "with_large_objects"));
        assertThat(reads).as("table of contents, then the whole archive into one pg_restore").containsExactly(false, true);
        postgres.execute("DROP DATABASE with_large_objects_copy");
    }

    @Test
    void anArchiveCutShortInItsRowsFailsWithPgRestoresOwnMessage() throws Exception {
        byte[] whole = Files.readAllBytes(pipedDump("varied"));
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        postgres.execute("CREATE DATABASE varied_cut");

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> new RowsOverConnectionsRestore(pgRestore, 2)
                .restore(server, "varied_cut", wholeRead -> (InputStream) new ByteArrayInputStream(wholeRead ? cut : whole)))
                .isInstanceOf(PgRestoreException.class)
                .hasMessageStartingWith("pg_restore exited with 1: pg_restore: error: "));
        postgres.execute("DROP DATABASE varied_cut");
    }

    private Path pipedDump(String database) throws Exception {
        Path archive = dir.resolve(database + ".dump");
        DumpCommands.shell(postgres, "pg_dump -Fc -Z0 %s " + database + " | cat > " + archive);
        return archive;
    }
}
