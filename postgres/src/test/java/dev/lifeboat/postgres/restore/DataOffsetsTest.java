package dev.lifeboat.postgres.restore;

import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Data offsets written into archives {@code pg_dump -Fc} wrote to a pipe, on a real PostgreSQL 15 and its pg_dump. */
class DataOffsetsTest {

    /** Magic, version, sizes, format, compression and the seven ints of the creation time: what two dumps may differ in. */
    private static final int HEADER_WITH_TIME = 5 + 6 + 5 + 7 * 5;

    private static PostgresServer postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        postgres = PostgresServer.start();
        postgres.execute("CREATE DATABASE offsets");
        postgres.execute("offsets", """
                CREATE TABLE readings (id bigint PRIMARY KEY, note text);
                INSERT INTO readings SELECT g, md5(g::text) FROM generate_series(1, 20000) g;
                CREATE TABLE "Odd Name" (id int PRIMARY KEY, reading_id bigint REFERENCES readings (id));
                INSERT INTO "Odd Name" SELECT g, g FROM generate_series(1, 3000) g;
                CREATE TABLE empty (id int);
                SELECT lo_from_bytea(0, convert_to(repeat('large object ', 1000), 'UTF8'));
                """);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void anArchiveWrittenToAPipeGetsTheOffsetsPgDumpWritesIntoAFile() throws Exception {
        Path piped = dump("pg_dump -Fc -Z0 %s offsets | cat > " + dir.resolve("piped.dump"));
        Path seekable = dump("pg_dump -Fc -Z0 %s -f " + dir.resolve("seekable.dump") + " offsets");
        assertThat(firstDifferenceAfterTheHeader(piped, seekable)).as("before: the table of contents lacks the offsets").isPositive();

        assertThat(DataOffsets.fill(piped)).as("the three tables' and the large objects' blocks").isEqualTo(4);

        assertThat(firstDifferenceAfterTheHeader(piped, seekable)).isEqualTo(-1);
        assertThat(DataOffsets.fill(piped)).as("filled already").isZero();
    }

    @Test
    void restoredWithParallelJobsTheFilledArchiveIsTheDatabase() throws Exception {
        Path piped = dump("pg_dump -Fc -Z0 %s offsets | cat > " + dir.resolve("jobs.dump"));
        DataOffsets.fill(piped);
        postgres.execute("CREATE DATABASE offsets_copy");

        shell("pg_restore --exit-on-error --jobs=2 %s -d offsets_copy " + piped);

        assertThat(plainDump("offsets_copy")).isEqualTo(plainDump("offsets"));
        postgres.execute("DROP DATABASE offsets_copy");
    }

    @Test
    void anArchiveWithItsOffsetsOrOfAnotherKindIsLeftAsItIs() throws Exception {
        Path seekable = dump("pg_dump -Fc -Z0 %s -f " + dir.resolve("file.dump") + " offsets");
        Path plain = dump("pg_dump %s -f " + dir.resolve("plain.sql") + " offsets");
        byte[] seekableBefore = Files.readAllBytes(seekable);
        byte[] plainBefore = Files.readAllBytes(plain);

        assertThat(DataOffsets.fill(seekable)).isZero();
        assertThat(DataOffsets.fill(plain)).isZero();

        assertThat(Files.readAllBytes(seekable)).isEqualTo(seekableBefore);
        assertThat(Files.readAllBytes(plain)).isEqualTo(plainBefore);
    }

    /** The first byte after the header's creation time where the two files differ, or -1 when they are the same there. */
    private static long firstDifferenceAfterTheHeader(Path a, Path b) throws IOException {
        byte[] left = Files.readAllBytes(a);
        byte[] right = Files.readAllBytes(b);
        assertThat(left).hasSameSizeAs(right);
        for (int i = HEADER_WITH_TIME; i < left.length; i++) {
            if (left[i] != right[i]) {
                return i;
            }
        }
        return -1;
    }

    private Path dump(String command) throws Exception {
        shell(command);
        String[] words = command.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(">") || words[i].equals("-f")) {
                return Path.of(words[i + 1]);
            }
        }
        throw new IllegalArgumentException(command);
    }

    private String plainDump(String database) throws Exception {
        return DumpCommands.plainDump(postgres, dir, database);
    }

    private static void shell(String command) throws Exception {
        DumpCommands.shell(postgres, command);
    }
}
