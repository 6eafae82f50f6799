package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.copytext.Newlines;
import dev.lifeboat.postgres.restore.PgRestoreException.Code;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@code pg_restore} script of table data as it is read: lines outside the rows ({@link #line()}), and a COPY block's
 * rows in pieces of whole lines ({@link #rows}). COPY's text format ends a row at a newline and escapes newlines inside
 * values, so a cut at a line end never splits a row, and a line {@code \.} only ends the rows. Not thread-safe.
 */
final class TableDataScript {

    static final int PIECE = 1 << 20;
    private static final byte[] END_OF_DATA = {'\\', '.', '\n'};

    /** Takes a piece of whole rows: {@code bytes[from, to)}, valid only during the call. */
    @FunctionalInterface
    interface Pieces {
        void take(byte[] bytes, int from, int to) throws PgRestoreException, InterruptedException;
    }

    private final InputStream script;
    private byte[] buffer = new byte[PIECE];
    private int start;
    private int end;
    private boolean eof;
    private Charset charset = StandardCharsets.UTF_8;

    TableDataScript(InputStream script) {
        this.script = script;
    }

    /** The script's client encoding from here on: its lines (a COPY line's names) are read in it. */
    void encoding(Charset charset) {
        this.charset = charset;
    }

    /**
     * One table's rows, from after its COPY line to its {@code \.} line, handed out in pieces of whole lines: a piece
     * goes once it holds half of {@value #PIECE} bytes (a pipe gives 64 KiB a read), or at the block's end. A row longer
     * than the buffer grows it for that row only.
     */
    void rows(String copy, Pieces pieces) throws IOException, PgRestoreException, InterruptedException {
        int lineStart = start;
        while (true) {
            boolean ended = false;
            while (lineStart < end) {
                if (end - lineStart < END_OF_DATA.length) {
                    if (buffer[lineStart] == '\\') {
                        break;
                    }
                } else if (Arrays.equals(buffer, lineStart, lineStart + END_OF_DATA.length, END_OF_DATA, 0, END_OF_DATA.length)) {
                    ended = true;
                    break;
                }
                int newline = indexOfNewline(lineStart);
                if (newline < 0) {
                    break;
                }
                lineStart = newline + 1;
                if (lineStart - start >= PIECE / 2) {
                    break;
                }
            }
            if (lineStart > start && (ended || lineStart - start >= PIECE / 2)) {
                pieces.take(buffer, start, lineStart);
                start = lineStart;
                if (buffer.length > PIECE && end - start < PIECE) {
                    shrink();
                }
                lineStart = start;
                if (!ended) {
                    continue;
                }
            }
            if (ended) {
                start += END_OF_DATA.length;
                return;
            }
            int scanned = lineStart - start;
            if (!fill()) {
                throw new PgRestoreException(Code.PG_RESTORE_FAILED, "pg_restore's rows for " + copy + " end before their \\. line");
            }
            lineStart = start + scanned;
        }
    }

    /** Back to a buffer of {@value #PIECE} bytes once the long row it grew for has gone. */
    private void shrink() {
        byte[] smaller = new byte[PIECE];
        System.arraycopy(buffer, start, smaller, 0, end - start);
        end -= start;
        start = 0;
        buffer = smaller;
    }

    private int indexOfNewline(int from) {
        return Newlines.indexOf(buffer, from, end);
    }

    /** The next line outside the rows, without its newline; null at the script's end. */
    String line() throws IOException {
        while (true) {
            int newline = indexOfNewline(start);
            if (newline >= 0) {
                String line = new String(buffer, start, newline - start, charset);
                start = newline + 1;
                return line;
            }
            if (!fill()) {
                if (start == end) {
                    return null;
                }
                String last = new String(buffer, start, end - start, charset);
                start = end;
                return last;
            }
        }
    }

    /** Moves what is left to the buffer's start (growing it when a line fills it) and reads more; false at the end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = script.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
            return false;
        }
        end += read;
        return true;
    }
}
