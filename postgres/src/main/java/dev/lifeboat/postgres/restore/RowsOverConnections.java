package dev.lifeboat.postgres.restore;

import dev.lifeboat.postgres.restore.PgRestoreException.Code;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rows of a {@code pg_restore} script of table data ({@code --file=-} with only TABLE DATA entries) loaded over
 * several connections at once. Each table's COPY block is cut at line ends into pieces of about {@value #PIECE} bytes,
 * which the connections take as each is free, each piece in that connection's COPY of the table: one table's rows load
 * in several server processes side by side, which {@code pg_restore --jobs} cannot do (it gives a table to one job).
 * COPY's text format ends a row at a newline and escapes newlines inside values, so a cut at a line end never splits a
 * row. The script's settings ({@code SET …}, {@code SELECT pg_catalog.set_config(…)}) are made on every connection
 * first. Any other line outside a COPY block fails the load: the script is not one of table data. A connection's COPY
 * commits when it next gets another table's piece, or at the script's end, so a failed load leaves rows behind: load
 * into a database dropped on failure. The first failure, of the script or of any connection, stops every connection.
 * Blocking (a thread per connection); the connections are the caller's, in autocommit.
 */
final class RowsOverConnections {

    static final int PIECE = TableDataScript.PIECE;
    /** A connection ends its COPY (committing it, and hearing of a row the server refused) after this many bytes. */
    static final long COPY_BYTES = 16L << 20;
    /** How often a waiting side looks whether the other failed. */
    private static final long POLL_MS = 100;

    /** Rows of one table for one COPY; {@link #END} tells a connection the script is done. */
    private record Piece(String copy, byte[] bytes, int length) {
        static final Piece END = new Piece(null, null, 0);
    }

    private final TableDataScript script;
    private final List<Connection> connections;
    private final BlockingQueue<Piece> pieces;
    /** Pieces' buffers the connections are done with, to be filled again: the rows do not churn through the heap. */
    private final BlockingQueue<byte[]> free;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private String encoding = "UTF8";

    private RowsOverConnections(InputStream script, List<Connection> connections) {
        this.script = new TableDataScript(script);
        this.connections = connections;
        this.pieces = new ArrayBlockingQueue<>(connections.size() * 2);
        this.free = new ArrayBlockingQueue<>(connections.size() * 3);
    }

    /** Loads the script's rows over the connections (autocommit, each into the same database); blocks until done. */
    static void load(InputStream script, List<Connection> connections) throws PgRestoreException, InterruptedException {
        new RowsOverConnections(script, connections).load();
    }

    private void load() throws PgRestoreException, InterruptedException {
        List<Thread> writers = new ArrayList<>();
        try {
            for (String line; (line = script.line()) != null; ) {
                if (line.isBlank() || line.startsWith("--") || isRestrictCommand(line)) {
                    continue;
                }
                if (line.startsWith("COPY ") && line.endsWith(" FROM stdin;")) {
                    if (writers.isEmpty()) {
                        connections.forEach(connection -> writers.add(startWriter(connection, writers.size())));
                    }
                    String copy = line.substring(0, line.length() - 1) + (encoding.equals("UTF8") ? "" : " WITH (ENCODING '" + encoding + "')");
                    script.rows(copy, (bytes, from, to) -> hand(new Piece(copy, copied(bytes, from, to), to - from)));
                } else if (isSetting(line)) {
                    if (!writers.isEmpty()) {
                        throw unexpected("a setting after the rows began", line);
                    }
                    applySetting(line);
                } else {
                    throw unexpected("a line", line);
                }
            }
            for (int i = 0; i < writers.size(); i++) {
                hand(Piece.END);
            }
        } catch (Throwable e) { // an Error too: the writers must stop, and the load must not pass for done
            failure.compareAndSet(null, e);
            for (Thread writer : writers) {
                writer.interrupt();
            }
        } finally {
            for (Thread writer : writers) {
                writer.join();
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof InterruptedException e) {
            throw e;
        }
        if (failed instanceof PgRestoreException e) {
            throw e;
        } else if (failed != null) {
            throw new PgRestoreException(Code.PG_RESTORE_FAILED, (failed instanceof IOException ? "reading pg_restore's rows failed: "
                    : "loading the rows failed: ") + (failed.getMessage() != null ? failed.getMessage() : failed.toString()), failed);
        }
    }

    /**
     * <code>&#92;restrict <i>key</i></code> and <code>&#92;unrestrict <i>key</i></code>: psql's guard against meta-commands in a script's data, which
     * pg_restore writes around a script since 15.14; the rows go by COPY here, never through psql.
     */
    private static boolean isRestrictCommand(String line) {
        return line.startsWith("\\restrict ") || line.startsWith("\\unrestrict ");
    }

    private static boolean isSetting(String line) {
        return (line.startsWith("SET ") || line.startsWith("SELECT pg_catalog.set_config(")) && line.endsWith(";");
    }

    /**
     * A setting of the script's session, on every connection; but its client encoding is the rows': the driver talks
     * UTF8, so each COPY names the rows' encoding ({@code ENCODING}) and the script's lines are read in it.
     */
    private void applySetting(String line) throws PgRestoreException {
        if (line.startsWith("SET client_encoding = '") && line.endsWith("';")) {
            encoding = line.substring("SET client_encoding = '".length(), line.length() - 2);
            script.encoding(java.nio.charset.Charset.forName(org.postgresql.core.Encoding.getDatabaseEncoding(encoding).name()));
            return;
        }
        for (Connection connection : connections) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(line);
            } catch (SQLException e) {
                throw new PgRestoreException(Code.PG_RESTORE_FAILED, "the script's setting " + line + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static PgRestoreException unexpected(String what, String line) {
        return new PgRestoreException(Code.PG_RESTORE_FAILED, "pg_restore's script of table data has " + what
                + " the row load does not expect: " + line.substring(0, Math.min(line.length(), 80)));
    }

    /** The buffer's bytes from {@code from} to {@code to} in a buffer a connection gave back, or a new one. */
    private byte[] copied(byte[] buffer, int from, int to) {
        byte[] piece = to - from <= PIECE ? free.poll() : null;
        if (piece == null) {
            piece = new byte[Math.max(PIECE, to - from)];
        }
        System.arraycopy(buffer, from, piece, 0, to - from);
        return piece;
    }

    /** Queues a piece for the next free connection; a connection's failure stops the load at once (it is what load throws). */
    private void hand(Piece piece) throws InterruptedException, PgRestoreException {
        do {
            if (failure.get() != null) {
                throw new PgRestoreException(Code.PG_RESTORE_FAILED, "a connection's load failed");
            }
        } while (!pieces.offer(piece, POLL_MS, TimeUnit.MILLISECONDS));
    }

    private Thread startWriter(Connection connection, int number) {
        Thread writer = new Thread(() -> write(connection), "lifeboat-rows-" + number);
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    /** One connection's side: a COPY per table it gets pieces of, ended (committed) when its pieces move to another table. */
    private void write(Connection connection) {
        CopyIn copyIn = null;
        String table = null;
        long sent = 0;
        try {
            while (true) {
                Piece piece = pieces.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (failure.get() != null) {
                    return; // another connection's or the script's failure: this COPY is cancelled
                }
                if (piece == null) {
                    continue;
                }
                if (piece == Piece.END) {
                    break;
                }
                if (!piece.copy().equals(table)) {
                    if (copyIn != null) {
                        copyIn.endCopy();
                    }
                    copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(piece.copy());
                    table = piece.copy();
                }
                copyIn.writeToCopy(piece.bytes(), 0, piece.length());
                sent += piece.length();
                if (sent >= COPY_BYTES) { // the driver hears of a refused row only as a COPY ends
                    copyIn.endCopy();
                    copyIn = null;
                    table = null;
                    sent = 0;
                }
                if (piece.bytes().length == PIECE) {
                    free.offer(piece.bytes());
                }
            }
            if (copyIn != null) {
                copyIn.endCopy();
                copyIn = null;
            }
        } catch (Throwable e) { // an Error too: a connection that stops unheard would leave its rows out of a load called done
            failure.compareAndSet(null, e);
        } finally {
            cancel(copyIn);
        }
    }

    private static void cancel(CopyIn copyIn) {
        if (copyIn != null && copyIn.isActive()) {
            try {
                copyIn.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is closed by its owner
            }
        }
    }
}
