package dev.lifeboat.backup.dump;

import dev.lifeboat.postgres.connect.AttemptNames;
import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.backup.connect.TargetConnections;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.lock.DatabaseLock;
import dev.lifeboat.archive.NewestValue;
import dev.lifeboat.archive.RowDigests;
import dev.lifeboat.postgres.copytext.CopyOutput;
import dev.lifeboat.postgres.dump.DumpedRows;
import dev.lifeboat.postgres.dump.TableRows;
import dev.lifeboat.postgres.freshness.NewestValues;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A connection to the database being backed up that (1) holds Lifeboat's advisory lock on it, and
 * (2) exports the snapshot {@code pg_dump --snapshot} uses, so the row counts
 * and newest freshness-column values taken in it describe exactly the dumped data. Blocking: worker
 * threads only.
 */
public final class SnapshotSession implements AutoCloseable {

    private final RegisteredDatabase database;
    private final Connection connection;
    private final String requestId;
    private final int attempt;

    private SnapshotSession(RegisteredDatabase database, Connection connection, String requestId, int attempt) {
        this.database = database;
        this.connection = connection;
        this.requestId = requestId;
        this.attempt = attempt;
    }

    /** A session of this attempt of the request, named after both ({@link AttemptSessions}). */
    public static SnapshotSession open(RegisteredDatabase database, PgConnection server, String requestId, int attempt) throws BackupFailure {
        return new SnapshotSession(database, TargetConnections.open(database, server, AttemptNames.BACKUP.purpose(requestId, attempt)),
                requestId, attempt);
    }

    /**
     * Waits for the database's lock (another backup or a restore may hold it) up to {@code wait}; a session of an older
     * attempt of this request that holds it is ended ({@link AttemptSessions}).
     */
    public void lock(Duration wait) throws BackupFailure {
        long deadline = System.nanoTime() + wait.toNanos();
        try (Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet result = statement.executeQuery(DatabaseLock.TRY_LOCK_SQL)) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return;
                    }
                }
                boolean ended = AttemptSessions.endOlderAttemptHolding(connection, database.id, requestId, attempt);
                if (!ended && System.nanoTime() > deadline) {
                    throw new BackupFailure(FailureCode.LOCK_TIMEOUT, "database " + database.id
                            + " stayed locked by another backup or restore for " + wait);
                }
                Thread.sleep(250);
            }
        } catch (SQLException e) {
            throw failure("taking the lock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailure(FailureCode.INTERNAL, "interrupted while waiting for the lock of " + database.id);
        }
    }

    /** Starts a repeatable-read, read-only transaction and exports its snapshot for {@code pg_dump}. */
    public String exportSnapshot() throws BackupFailure {
        return exportSnapshot(null);
    }

    /**
     * As {@link #exportSnapshot()}, in a snapshot exported elsewhere (a temporary logical slot's, which is exactly at a
     * position of the change stream): the row counts, the freshness columns and the dump all see that one snapshot.
     */
    public String exportSnapshot(String imported) throws BackupFailure {
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            if (imported != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET TRANSACTION SNAPSHOT '" + imported.replace("'", "''") + "'");
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
                result.next();
                return result.getString(1);
            }
        } catch (SQLException e) {
            throw failure("exporting a snapshot", e);
        }
    }

    /**
     * The database's size on disk ({@code pg_database_size}): what a backup's progress is measured against. Read in the
     * exported snapshot's transaction, alongside the dump; a failure leaves that transaction usable.
     */
    public long databaseSize() throws BackupFailure {
        return inSavepoint("reading the database's size", () -> {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    public String serverVersion() throws BackupFailure {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw failure("reading the server version", e);
        }
    }

    /**
     * What the manifest records of the exported snapshot's data.
     *
     * @param rowCounts        exact rows per table ({@code schema.table}); partitioned parents count all their partitions
     * @param freshnessColumns per configured table, the newest value of its freshness column
     * @param countedInSql     how many relations were counted in SQL rather than from the archive
     * @param rowDigests       the digest of each table's rows as the archive holds them; null when none could be taken
     */
    public record Contents(Map<String, Long> rowCounts, Map<String, NewestValue> freshnessColumns, long countedInSql,
                           RowDigests rowDigests) {
    }

    /**
     * What is read in the snapshot while {@code pg_dump} runs: the tables and how they inherit, the
     * freshness columns, and the settings the dump prints rows under; {@code took} is how long reading them took.
     */
    public record Survey(TableRows tables, Map<String, NewestValue> freshnessColumns, Map<String, String> outputSettings,
                         Duration took) {
    }

    /** Reads, in the exported snapshot, what the row counts need and the configured freshness columns; run it alongside the dump. */
    public Survey survey(Map<String, String> freshnessColumns) throws BackupFailure {
        long began = System.nanoTime();
        TableRows tables = inSavepoint("listing the tables", () -> TableRows.survey(connection));
        Map<String, String> outputSettings = inSavepoint("reading the settings rows print under", () -> CopyOutput.recorded(connection));
        try {
            Map<String, NewestValue> newest = new NewestValues(connection).read(freshnessColumns);
            return new Survey(tables, newest, outputSettings, Duration.ofNanos(System.nanoTime() - began));
        } catch (SQLException e) {
            throw failure("reading the freshness columns", e);
        }
    }

    /** After the dump: the rows per table, from what the archive held and, where it cannot vouch, SQL in the same snapshot. */
    public Contents contents(Survey survey, DumpedRows dumped) throws BackupFailure {
        TableRows.Counted counted = inSavepoint("counting rows", () -> survey.tables().count(connection, dumped));
        Map<String, RowDigests.TableDigest> digests = survey.tables().digests(dumped);
        return new Contents(counted.rows(), survey.freshnessColumns(), counted.countedInSql(),
                digests.isEmpty() ? null : new RowDigests(survey.outputSettings(), digests, survey.tables().notDigested(dumped)));
    }

    private interface SnapshotRead<T> {
        T read() throws SQLException;
    }

    /** A failed statement must not abort the snapshot's transaction while pg_dump may still be importing it. */
    private <T> T inSavepoint(String doing, SnapshotRead<T> read) throws BackupFailure {
        java.sql.Savepoint before;
        try {
            before = connection.setSavepoint();
        } catch (SQLException e) {
            throw failure(doing, e);
        }
        try {
            T value = read.read();
            connection.releaseSavepoint(before);
            return value;
        } catch (SQLException e) {
            try {
                connection.rollback(before);
            } catch (SQLException ignored) {
                // the session is gone; pg_dump reports its own failure
            }
            throw failure(doing, e);
        }
    }

    private BackupFailure failure(String doing, SQLException e) {
        BackupFailure classified = TargetConnections.classify(database, e);
        return new BackupFailure(classified.code(), doing + " in " + database.id + " failed: " + classified.getMessage(), e);
    }

    /** Ends the snapshot's transaction and the session, which releases the lock. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The server releases a session's advisory locks when the connection goes, however it goes.
        }
    }
}
