package dev.lifeboat.d1.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Splits a wrangler export into its statements as the bytes stream past: at semicolons outside quoted texts and names
 * ({@code '...'}, {@code "..."}, {@code `...`}, {@code [...]}) and comments ({@code -- ...}, {@code /* ... *}{@code /}, which
 * SQLite keeps in the {@code CREATE} statements it exports), a trigger's {@code BEGIN ... END} kept whole as one statement. Each statement is handed on as its first
 * {@code keep} bytes (its head, enough to see what it is and which table it names) or whole.
 */
final class StatementSplitter {

    private final int keep;
    private final ByteArrayOutputStream statement = new ByteArrayOutputStream();
    private final ByteArrayOutputStream piece = new ByteArrayOutputStream();
    /** Where the splitter is: outside anything, or inside a quoted text, a quoted name or a comment (which ends it). */
    private byte closing;
    private static final byte OUTSIDE = 0;
    private static final byte LINE_COMMENT = '\n';
    private static final byte BLOCK_COMMENT = '/';
    private int previous;
    private boolean inTrigger;
    private long statements;

    /** @param keep how many bytes of each statement to hand on ({@link Integer#MAX_VALUE}: all of it) */
    StatementSplitter(int keep) {
        this.keep = keep;
    }

    void feed(byte[] buffer, int length, ExportReader.Statements statements) throws IOException {
        for (int i = 0; i < length; i++) {
            byte b = buffer[i];
            if (closing != OUTSIDE) {
                if (b == closing && (closing != BLOCK_COMMENT || previous == '*')) {
                    closing = OUTSIDE;
                    b = 0; // a closing byte begins nothing: "*/" then "*" is not "/*"
                }
            } else if (b == ';') {
                endPiece(statements);
                previous = 0;
                continue;
            } else if (b == '\'' || b == '"' || b == '`') {
                closing = b;
            } else if (b == '[') {
                closing = ']';
            } else if (b == '-' && previous == '-') {
                closing = LINE_COMMENT;
            } else if (b == '*' && previous == '/') {
                closing = BLOCK_COMMENT;
                b = 0; // "/*/" does not close it
            }
            previous = b;
            b = buffer[i];
            if (statement.size() < keep && (statement.size() > 0 || !Character.isWhitespace(b))) {
                statement.write(b);
            }
            if (piece.size() < 16 && !Character.isWhitespace(b)) {
                piece.write(b);
            }
        }
    }

    /** A semicolon outside quotes: a statement ends, unless it is one inside a trigger's body. */
    private void endPiece(ExportReader.Statements statements) throws IOException {
        String pieceText = piece.toString(StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        piece.reset();
        String text = statement.toString(StandardCharsets.UTF_8);
        if (!inTrigger && beginsTrigger(text.toUpperCase(Locale.ROOT))) {
            inTrigger = true;
        }
        if (inTrigger && !pieceText.equals("END")) {
            if (statement.size() < keep) {
                statement.write(';');
            }
            return;
        }
        inTrigger = false;
        statement.reset();
        this.statements++;
        statements.accept(text);
    }

    /** Whether the export ended where a statement ends, after at least one. */
    void finish(long bytes) throws ExportCutShortException {
        if (closing != OUTSIDE || inTrigger || statement.size() > 0) {
            throw new ExportCutShortException("the export ends inside a statement after " + bytes + " bytes: it was cut short");
        }
        if (statements == 0) {
            throw new ExportCutShortException("the export is empty: wrangler wrote nothing");
        }
    }

    /** {@code CREATE [TEMP|TEMPORARY] TRIGGER}: its body holds statements of its own, up to {@code END}. */
    private static boolean beginsTrigger(String upper) {
        return upper.startsWith("CREATE TRIGGER ") || upper.startsWith("CREATE TEMP TRIGGER ") || upper.startsWith("CREATE TEMPORARY TRIGGER ");
    }
}
