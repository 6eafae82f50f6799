package dev.lifeboat.d1.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies a {@code wrangler d1 export} as it streams past and counts each table's rows from the export itself: one
 * {@code INSERT INTO "table" VALUES(...)} per row, each table named by its {@code CREATE TABLE} (so an empty table counts 0).
 * Statements are split by {@link StatementSplitter}; only the head of each statement is kept, so memory stays flat
 * whatever the export's size. An export must begin with wrangler's
 * {@code PRAGMA defer_foreign_keys} and end at a statement's end: anything else was cut short.
 */
public final class ExportRowCounter {

    private static final int HEAD = 1024;
    private static final int BUFFER = 64 * 1024;

    private final Map<String, Long> rows = new TreeMap<>();
    private final StatementSplitter splitter = new StatementSplitter(HEAD);
    private long statements;
    private long bytes;

    private ExportRowCounter() {
    }

    /** What was copied: the export's bytes, and every table's rows. */
    public record Counted(long bytes, Map<String, Long> rows) {
    }

    /** Copies {@code export} to {@code out} whole, counting; a cut-short or foreign stream is an {@link ExportCutShortException}. */
    public static Counted copy(InputStream export, OutputStream out) throws IOException {
        ExportRowCounter counter = new ExportRowCounter();
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = export.read(buffer)) >= 0; ) {
            counter.bytes += n;
            counter.splitter.feed(buffer, n, counter::count);
            out.write(buffer, 0, n);
        }
        counter.splitter.finish(counter.bytes);
        return new Counted(counter.bytes, Map.copyOf(counter.rows));
    }

    private void count(String statement) throws ExportCutShortException {
        if (statements++ == 0 && !statement.equals(ExportStatements.FIRST_STATEMENT)) {
            throw new ExportCutShortException("the export does not begin as wrangler's exports do (" + ExportStatements.FIRST_STATEMENT + ")");
        }
        ExportStatements.Kind kind = ExportStatements.kindOf(statement);
        if (kind == ExportStatements.Kind.ROW) {
            add(ExportStatements.tableOf(statement), 1);
        } else if (kind == ExportStatements.Kind.TABLE) {
            add(ExportStatements.tableOf(statement), 0);
        }
    }

    private void add(String table, long add) {
        if (!ExportStatements.ownedBySqlite(table)) {
            rows.merge(table, add, Long::sum);
        }
    }
}
