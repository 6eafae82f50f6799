package dev.lifeboat.d1.export;

import java.io.IOException;
import java.io.InputStream;

/** Reads a wrangler export (a verified one, from local disk) statement by statement, each whole. */
public final class ExportReader {

    private static final int BUFFER = 64 * 1024;

    private ExportReader() {
    }

    /** What is done with each whole statement (without its semicolon). */
    public interface Statements {
        void accept(String statement) throws IOException;
    }

    /** Hands on every statement of {@code export} in order; an export cut short is an {@link ExportCutShortException}. */
    public static void forEach(InputStream export, Statements statements) throws IOException {
        StatementSplitter splitter = new StatementSplitter(Integer.MAX_VALUE);
        byte[] buffer = new byte[BUFFER];
        long bytes = 0;
        for (int n; (n = export.read(buffer)) >= 0; ) {
            bytes += n;
            splitter.feed(buffer, n, statements);
        }
        splitter.finish(bytes);
    }
}
