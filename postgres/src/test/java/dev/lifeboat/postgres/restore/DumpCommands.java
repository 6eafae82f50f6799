package dev.lifeboat.postgres.restore;

import dev.lifeboat.realservers.postgres.PostgresServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** pg_dump and other client tools run by the tests against a real server, as its superuser. */
final class DumpCommands {

    private DumpCommands() {
    }

    /** Runs a shell command whose {@code %s} is replaced by the connection options; fails the test if it fails. */
    static void shell(PostgresServer postgres, String command) throws Exception {
        String connection = "-h " + postgres.host() + " -p " + postgres.port() + " -U " + postgres.superuser();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command.formatted(connection)).inheritIO();
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        assertThat(builder.start().waitFor()).as(command).isZero();
    }

    /**
     * {@link #plainDump} with each table's rows sorted: rows loaded over several connections land in another physical
     * order than the source's, which a plain dump prints them in.
     */
    static String plainDumpInAnyRowOrder(PostgresServer postgres, Path dir, String database) throws Exception {
        StringBuilder sorted = new StringBuilder();
        List<String> rows = null;
        for (String line : plainDump(postgres, dir, database).split("\n", -1)) {
            if (rows != null && line.equals("\\.")) {
                rows.stream().sorted().forEach(row -> sorted.append(row).append('\n'));
                rows = null;
            }
            if (rows != null) {
                rows.add(line);
                continue;
            }
            sorted.append(line).append('\n');
            if (line.startsWith("COPY ") && line.endsWith(" FROM stdin;")) {
                rows = new ArrayList<>();
            }
        }
        return sorted.toString();
    }

    /** The database's schema and every row, as a plain pg_dump prints them, its name and psql's restrict keys made neutral. */
    static String plainDump(PostgresServer postgres, Path dir, String database) throws Exception {
        Path out = dir.resolve(database + ".sql");
        shell(postgres, "pg_dump --no-owner --encoding=UTF8 %s -f " + out + " " + database);
        return Files.readString(out, StandardCharsets.UTF_8).replace(database, "DB")
                .replaceAll("(?m)^\\\\(un)?restrict .*$", "\\\\restrict (a key of each dump)");
    }
}
