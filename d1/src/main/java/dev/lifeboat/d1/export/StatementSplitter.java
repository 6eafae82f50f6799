package dev.lifeboat.d1.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a wrangler export into its statements as the bytes stream past: at semicolons outside quoted texts and names
 * ({@code '...'}, {@code "..."}, {@code `...`}, {@code [...]}) and comments ({@code -- ...}, {@code /* ... *}{@code /}, which
 * SQLite keeps in the {@code CREATE} statements it exports), a trigger's {@code BEGIN ... END} kept whole as one statement.
 * Each statement is handed on as its first {@code keep} bytes (its head, enough to see what it is and which table it
 * names) or whole. This is a backup's hot path (one statement per row): bytes go into plain arrays, and a statement
 * becomes a string once, when it ends.
 */
final class StatementSplitter {

    private static final byte OUTSIDE = 0;
    private static final byte LINE_COMMENT = '\n';
    private static final byte BLOCK_COMMENT = '/';
    private static final byte[][] TRIGGERS = {bytes("CREATE TRIGGER "), bytes("CREATE TEMP TRIGGER "), bytes("CREATE TEMPORARY TRIGGER ")};
    private static final byte[] END = bytes("END");

    private final int keep;
    private byte[] statement = new byte[256];
    private int length;
    /** The non-blank bytes since the last semicolon (enough to see a trigger's {@code END}). */
    private final byte[] piece = new byte[16];
    private int pieceLength;
    /** Where the splitter is: outside anything, or inside a quoted text, a quoted name or a comment (the byte that ends it). */
    private byte closing;
    private int previous;
    private boolean inTrigger;
    private long statements;

    /** @param keep how many bytes of each statement to hand on ({@link Integer#MAX_VALUE}: all of it) */
    StatementSplitter(int keep) {
        this.keep = keep;
    }

    void feed(byte[] buffer, int count, ExportReader.Statements statements) throws IOException {
        for (int i = 0; i < count; i++) {
            if (closing == '\'' || closing == '"' || closing == '`' || closing == ']') {
                i = skipQuoted(buffer, i, count); // most of an export's bytes are its values' texts
                if (i == count) {
                    break;
                }
            }
            byte b = buffer[i];
            int seen = b;
            if (closing != OUTSIDE) {
                if (b == closing && (closing != BLOCK_COMMENT || previous == '*')) {
                    closing = OUTSIDE;
                    seen = 0; // a closing byte begins nothing: "*/" then "*" is not "/*"
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
                seen = 0; // "/*/" does not close it
            }
            previous = seen;
            boolean blank = b == ' ' || b == '\n' || b == '\r' || b == '\t';
            if (length < keep && (length > 0 || !blank)) {
                append(b);
            }
            if (pieceLength < piece.length && !blank) {
                piece[pieceLength++] = b;
            }
        }
    }

    /**
     * Inside a quoted text or name, up to its closing byte: kept in the head as far as it goes; such a piece can never be a
     * trigger's {@code END}, so it fills the piece. Answers where the closing byte is (or {@code count}).
     */
    private int skipQuoted(byte[] buffer, int from, int count) {
        int to = from;
        while (to < count && buffer[to] != closing) {
            to++;
        }
        int kept = Math.min(to - from, keep - length);
        if (kept > 0) {
            if (length + kept > statement.length) {
                statement = Arrays.copyOf(statement, Math.max(statement.length * 2, length + kept));
            }
            System.arraycopy(buffer, from, statement, length, kept);
            length += kept;
        }
        if (to > from) {
            pieceLength = piece.length;
        }
        return to;
    }

    private void append(byte b) {
        if (length == statement.length) {
            statement = Arrays.copyOf(statement, statement.length * 2);
        }
        statement[length++] = b;
    }

    /** A semicolon outside quotes: a statement ends, unless it is one inside a trigger's body. */
    private void endPiece(ExportReader.Statements statements) throws IOException {
        boolean end = startsWithIgnoringCase(piece, pieceLength, END) && pieceLength == END.length;
        pieceLength = 0;
        if (!inTrigger && Arrays.stream(TRIGGERS).anyMatch(trigger -> startsWithIgnoringCase(statement, length, trigger))) {
            inTrigger = true;
        }
        if (inTrigger && !end) {
            if (length < keep) {
                append((byte) ';');
            }
            return;
        }
        inTrigger = false;
        String text = new String(statement, 0, length, StandardCharsets.UTF_8);
        length = 0;
        this.statements++;
        statements.accept(text);
    }

    /** Whether the export ended where a statement ends, after at least one. */
    void finish(long bytes) throws ExportCutShortException {
        if (closing != OUTSIDE || inTrigger || length > 0) {
            throw new ExportCutShortException("the export ends inside a statement after " + bytes + " bytes: it was cut short");
        }
        if (statements == 0) {
            throw new ExportCutShortException("the export is empty: wrangler wrote nothing");
        }
    }

    private static boolean startsWithIgnoringCase(byte[] bytes, int count, byte[] prefix) {
        if (count < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xDF) != (prefix[i] & 0xDF)) { // ASCII letters and spaces: upper-casing clears 0x20 of both
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
