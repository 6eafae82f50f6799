package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.postgres.copytext.CopyOutput;
import dev.lifeboat.postgres.copytext.CopyRowsDigest;
import dev.lifeboat.postgres.sql.SqlIdentifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reads restored tables' rows back as COPY prints them and digests them ({@link CopyRowsDigest}), over the
 * {@link CheckLanes} at once: the server's COPY output is most of the cost (a GB of rows is seconds of a core), so a
 * table of {@value #SPLIT_MB} MB or more is read in as many block ranges as there are lanes (a TID range scan, from
 * PostgreSQL 14), each piece's digest added to the table's (a sum: any split gives the same digest). Blocking JDBC.
 */
final class RowDigestReader {

    static final int SPLIT_MB = 64;
    private static final int TID_RANGE_SCAN = 140000;
    /** SQLSTATE class 08: the connection is gone, not the table's rows wrong. */
    private static final String CONNECTION_EXCEPTION = "08";
    private static final String SIZE = "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint";

    private RowDigestReader() {
    }

    /** What was read of one table: its rows' digest, or why they could not be read. */
    record Read(CopyRowsDigest digest, String problem) {
    }

    /** One COPY: a table whole, or the rows in a range of its blocks ({@code toBlock} -1: to its end). */
    record Piece(String table, List<String> columns, long fromBlock, long toBlock, long blocks) {
        String copy() {
            String columnList = columns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
            if (fromBlock < 0) {
                return "COPY " + SqlIdentifiers.quoteTable(table) + (columns.isEmpty() ? "" : " (" + columnList + ")") + " TO STDOUT";
            }
            return "COPY (SELECT " + columnList + " FROM ONLY " + SqlIdentifiers.quoteTable(table) + " WHERE ctid >= '(" + fromBlock
                    + ",0)'::tid" + (toBlock < 0 ? "" : " AND ctid < '(" + toBlock + ",0)'::tid") + ") TO STDOUT";
        }
    }

    /**
     * The rows of each of {@code tables} that has a digest in {@code digests}, read under the dump's output settings over
     * at most as many lanes as there are pieces. A lane whose connection is lost hands its piece to the others; a piece
     * that no lane could read marks its table as not read, and why.
     */
    static Map<String, Read> read(Connection connection, CheckLanes lanes, RowDigests digests, Collection<String> tables) throws SQLException {
        List<Piece> all = pieces(connection, lanes.count(), digests, tables);
        ConcurrentLinkedQueue<Piece> pieces = new ConcurrentLinkedQueue<>(all);
        Map<String, CopyRowsDigest> read = new ConcurrentHashMap<>();
        Map<String, String> problems = new ConcurrentHashMap<>();
        int count = Math.min(lanes.count(), all.size());
        if (count <= 1) {
            drain(connection, digests.outputSettings(), pieces, read, problems);
        } else {
            List<String> laneFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService workers = Executors.newFixedThreadPool(count, runnable -> {
                Thread thread = new Thread(runnable, "lifeboat-row-digests");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int lane = 0; lane < count; lane++) {
                    running.add(workers.submit(() -> {
                        try (Connection own = lanes.opener().open()) {
                            drain(own, digests.outputSettings(), pieces, read, problems);
                        } catch (SQLException e) {
                            laneFailures.add(e.getMessage());
                        }
                    }));
                }
                for (Future<?> lane : running) {
                    lane.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading the restored rows back", e);
            } catch (ExecutionException e) {
                throw new SQLException("reading the restored rows back failed: " + e.getCause(), e.getCause());
            } finally {
                workers.shutdownNow();
                awaitQuietly(workers);
            }
            for (Piece left : pieces) {
                problems.putIfAbsent(left.table(), "no connection could read it: " + String.join("; ", laneFailures));
            }
        }
        Map<String, Read> reads = new TreeMap<>();
        read.forEach((table, digest) -> reads.put(table, new Read(digest, null)));
        problems.forEach((table, problem) -> reads.put(table, new Read(null, problem)));
        return reads;
    }

    /**
     * Reads pieces until none is left, under the dump's settings; a piece that fails marks its table and the rest go on,
     * but one whose connection was lost goes back for another lane, and this lane ends.
     */
    private static void drain(Connection connection, Map<String, String> settings, ConcurrentLinkedQueue<Piece> pieces,
                              Map<String, CopyRowsDigest> read, Map<String, String> problems) throws SQLException {
        try {
            CopyOutput.apply(connection, settings);
            for (Piece piece = pieces.poll(); piece != null; piece = pieces.poll()) {
                try {
                    read.merge(piece.table(), digest(connection, piece.copy()), CopyRowsDigest::plus);
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
                        pieces.add(piece);
                        throw e;
                    }
                    problems.putIfAbsent(piece.table(), e.getMessage());
                }
            }
        } finally {
            try {
                CopyOutput.reset(connection);
            } catch (SQLException ignored) {
                // the connection is gone: nothing of it is left to put back
            }
        }
    }

    private static void awaitQuietly(ExecutorService workers) {
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a lane reading rows back did not end within 30 s of being told to");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CopyRowsDigest digest(Connection connection, String copy) throws SQLException {
        CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
        CopyRowsDigest digest = new CopyRowsDigest();
        for (byte[] row = out.readFromCopy(); row != null; row = out.readFromCopy()) {
            digest.acceptRow(row);
        }
        return digest;
    }

    /** Each table with a digest as one piece, or, when large and the server scans TID ranges, one per lane; largest first. */
    static List<Piece> pieces(Connection connection, int lanes, RowDigests digests, Collection<String> tables) throws SQLException {
        boolean splittable = lanes > 1 && connection.getMetaData().getDatabaseMajorVersion() * 10000 >= TID_RANGE_SCAN;
        List<Piece> pieces = new ArrayList<>();
        long splitBlocks = SPLIT_MB * 1024L * 1024 / blockSize(connection);
        try (PreparedStatement size = connection.prepareStatement(SIZE)) {
            for (String table : tables) {
                RowDigests.TableDigest expected = digests.tables().get(table);
                if (expected == null) {
                    continue;
                }
                long blocks = lanes > 1 ? blocks(size, table) : 0; // one lane reads in the tables' order: no sizes needed
                if (splittable && blocks >= splitBlocks) {
                    long step = (blocks + lanes - 1) / lanes;
                    for (long from = 0; from < blocks; from += step) {
                        pieces.add(new Piece(table, expected.columns(), from, from + step >= blocks ? -1 : from + step, step));
                    }
                } else {
                    pieces.add(new Piece(table, expected.columns(), -1, -1, blocks));
                }
            }
        }
        pieces.sort(Comparator.comparingLong(Piece::blocks).reversed());
        return pieces;
    }

    private static long blockSize(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('block_size')::bigint")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The table's size in blocks; 0 when it cannot be told (the COPY will say what is wrong). */
    private static long blocks(PreparedStatement size, String table) {
        try {
            size.setString(1, SqlIdentifiers.quoteTable(table));
            try (ResultSet result = size.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return 0;
        }
    }
}
