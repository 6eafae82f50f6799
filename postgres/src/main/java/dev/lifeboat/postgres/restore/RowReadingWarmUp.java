package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.copytext.CopyRowsDigest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The reading of a restore's table data, run on a script of its own so that a starting service's first restore finds it
 * compiled: HotSpot compiles a loop only once it has run it many times, and the first restore of a gigabyte otherwise
 * spends its first hundreds of megabytes in the interpreter, on two cores shared with the compiler and PostgreSQL. It
 * reads a data script as a restore over connections reads {@code pg_restore}'s ({@link TableDataScript}), and digests
 * the rows as the check of a restore reads them back ({@link CopyRowsDigest}). Touches nothing outside this JVM.
 */
public final class RowReadingWarmUp {

    private static final String COPY = "COPY public.lifeboat_warm_up (id, placed_at, note, amount) FROM stdin;";

    private RowReadingWarmUp() {
    }

    /** A data script as {@code pg_restore --file=-} writes one: settings, a COPY line, {@code rows} rows of varied width, {@code \.}. */
    public static byte[] script(int rows) {
        StringBuilder script = new StringBuilder(rows * 80).append("SET client_encoding = 'UTF8';\n\n").append(COPY).append('\n');
        for (int row = 1; row <= rows; row++) {
            script.append(row).append("\t2026-11-28 01:").append(row % 60 / 10).append(row % 10).append(":00+00\t")
                    .append("note ").append(Integer.toHexString(row * 7919)).append(" \\t ")
                    .append("x".repeat(row % 97)).append('\t').append(row % 1000).append('.').append(row % 100).append('\n');
        }
        return script.append("\\.\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the script's rows as a restore does, digesting them as its check does; returns the rows read. */
    public static long read(InputStream script) throws IOException {
        TableDataScript data = new TableDataScript(script);
        CopyRowsDigest digest = new CopyRowsDigest();
        try {
            for (String line = data.line(); line != null; line = data.line()) {
                if (line.startsWith("COPY ")) {
                    data.rows(line, (bytes, from, to) -> digest.accept(bytes, from, to - from));
                }
            }
        } catch (PgRestoreException | InterruptedException e) {
            throw new IOException("the warm-up's own script did not read: " + e.getMessage(), e);
        }
        return digest.rows();
    }
}
