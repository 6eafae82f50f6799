package dev.lifeboat.d1.restore;

import dev.lifeboat.d1.export.ExportStatements;
import dev.lifeboat.d1.query.D1Queries;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a load, written as the files {@code wrangler d1 execute --file} runs, in order. A wrangler export has
 * one {@code INSERT} per row, and wrangler runs a file statement by statement (about 1.5 ms each locally): so consecutive
 * rows of one table are merged into one multi-row {@code INSERT} of at most {@link #MERGED_CHARS} characters (D1 refuses
 * a statement over 100 KB; a row longer than that stays alone, as exported). A file holds at most {@code partBytes}
 * (never splitting a statement) and begins with {@code PRAGMA defer_foreign_keys=TRUE}: each file is one batch, one
 * transaction, and the pragma lasts until its end.
 */
final class LoadParts {

    /** At most this many characters in a merged statement: at most 3 bytes each in UTF-8, so under D1's 100 KB per statement. */
    static final int MERGED_CHARS = 32_000;
    /**
     * At most this many bytes per file run against a local D1: wrangler 4.50.0 runs a local file as one batch through
     * workerd, which crashed ("HashIndex detected hash table inconsistency") on batches of about 2 MB here. A remote D1
     * imports a whole file through D1's import API, so remote loads are one file.
     */
    static final long LOCAL_PART_BYTES = 1024 * 1024;

    private static final byte[] DEFER_FOREIGN_KEYS = (ExportStatements.FIRST_STATEMENT + ";\n").getBytes(StandardCharsets.UTF_8);

    private final Path folder;
    private final long partBytes;
    private final List<Path> parts = new ArrayList<>();
    private final StringBuilder merged = new StringBuilder();
    private String mergedHeader;
    private OutputStream out;
    private long written;
    private boolean holdsStatement;

    /** Files written into {@code folder}, each at most {@code partBytes} unless one statement alone is longer. */
    LoadParts(Path folder, long partBytes) {
        this.folder = folder;
        this.partBytes = partBytes;
    }

    /** Adds one statement (without its semicolon). */
    void add(String statement) throws IOException {
        // a row of the table being merged is known by its header alone (every row of a load passes here)
        String header = mergedHeader != null && statement.startsWith(mergedHeader) && statement.endsWith(")") ? mergedHeader
                : rowHeader(statement);
        if (header != null && header.equals(mergedHeader) && merged.length() + statement.length() - header.length() + 2 <= MERGED_CHARS) {
            merged.append(',').append(statement, header.length() - 1, statement.length());
            return;
        }
        flushMerged();
        if (header == null) {
            write(statement);
        } else {
            mergedHeader = header;
            merged.append(statement);
        }
    }

    /** The files to run, in order (none when no statement was added). */
    List<Path> finish() throws IOException {
        flushMerged();
        if (out != null) {
            out.close();
            out = null;
        }
        return List.copyOf(parts);
    }

    /** {@code INSERT INTO "table" VALUES(}, when the statement is a row as wrangler exports one; else null. */
    static String rowHeader(String statement) {
        if (ExportStatements.kindOf(statement) != ExportStatements.Kind.ROW || !statement.endsWith(")")) {
            return null;
        }
        String header = "INSERT INTO " + D1Queries.quoted(ExportStatements.tableOf(statement)) + " VALUES(";
        return statement.startsWith(header) ? header : null;
    }

    private void flushMerged() throws IOException {
        if (mergedHeader != null) {
            write(merged.toString());
            merged.setLength(0);
            mergedHeader = null;
        }
    }

    private void write(String statement) throws IOException {
        byte[] bytes = (statement + ";\n").getBytes(StandardCharsets.UTF_8);
        if (out == null || (holdsStatement && written + bytes.length > partBytes)) {
            nextPart();
        }
        out.write(bytes);
        written += bytes.length;
        holdsStatement = true;
    }

    private void nextPart() throws IOException {
        if (out != null) {
            out.close();
        }
        Path part = folder.resolve(String.format("part-%05d.sql", parts.size() + 1));
        parts.add(part);
        out = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024);
        out.write(DEFER_FOREIGN_KEYS);
        written = DEFER_FOREIGN_KEYS.length;
        holdsStatement = false;
    }
}
