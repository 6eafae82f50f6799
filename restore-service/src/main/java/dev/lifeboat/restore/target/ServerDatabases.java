package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.connect.AttemptNames;
import dev.lifeboat.postgres.sql.SqlIdentifiers;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Creating, dropping and renaming whole databases on a target server, through its maintenance database
 * (JDBC: blocking). Names are always quoted; the ones from requests are checked against {@link DatabaseNames#DATABASE_NAME} first.
 */
public final class ServerDatabases implements AutoCloseable {

    private static final Duration SESSIONS_END_WITHIN = Duration.ofSeconds(15);
    private static final String INVALID_PARAMETER_VALUE = "22023";

    private final TargetServer server;
    private final Connection maintenance;

    private ServerDatabases(TargetServer server, Connection maintenance) {
        this.server = server;
        this.maintenance = maintenance;
    }

    public static ServerDatabases on(TargetServer server, RestoreStep step) throws RestoreFailure {
        return new ServerDatabases(server, server.open(server.maintenanceDatabase(), "restore (databases)", step));
    }

    public boolean exists(String name, RestoreStep step) throws RestoreFailure {
        return owner(name, step).isPresent();
    }

    /** The owner of a database, or empty when there is no such database. */
    public Optional<String> owner(String name, RestoreStep step) throws RestoreFailure {
        try (PreparedStatement query = maintenance.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw server.failure(step, server.maintenanceDatabase(), e);
        }
    }

    /** Creates an empty database (from template0) owned by {@code owner}. */
    public void create(String name, String owner, RestoreStep step) throws RestoreFailure {
        execute("CREATE DATABASE " + SqlIdentifiers.quote(name) + " TEMPLATE template0 OWNER " + SqlIdentifiers.quote(owner), step);
    }

    /** Drops a database, ending its sessions first. */
    public void drop(String name, RestoreStep step) throws RestoreFailure {
        execute("DROP DATABASE IF EXISTS " + SqlIdentifiers.quote(name) + " WITH (FORCE)", step);
    }

    /**
     * {@code live} renamed to {@code aside} and {@code replacement} renamed to {@code live} in one transaction
     * (PostgreSQL runs {@code ALTER DATABASE … RENAME} inside one): both commit or neither does, so a database
     * of the live name exists at every moment. {@code aside} accepts connections again in the same transaction.
     * Nobody may be connected to either database.
     */
    public void swap(String live, String replacement, String aside, RestoreStep step) throws RestoreFailure {
        boolean committed = false;
        try {
            maintenance.setAutoCommit(false);
            try (Statement statement = maintenance.createStatement()) {
                statement.execute(renameSql(live, aside));
                statement.execute(renameSql(replacement, live));
                statement.execute(allowConnectionsSql(aside, true));
            }
            maintenance.commit();
            committed = true;
        } catch (SQLException e) {
            throw server.failure(step, server.maintenanceDatabase(), e);
        } finally {
            if (!committed) {
                rollbackQuietly();
            }
            try {
                maintenance.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; it is closed with this object
            }
        }
    }

    /**
     * The set-aside database is {@code live} again: the current one is renamed {@code failed} (see
     * {@link DatabaseNames#failed}) in the same transaction (see {@link #swap}); the caller drops it. Failing, nothing
     * is renamed and the current one accepts connections again.
     */
    public void swapBack(String live, String aside, String failed, RestoreStep step) throws RestoreFailure {
        allowConnections(live, false, step);
        try {
            endSessions(live, step);
            swap(live, aside, failed, step);
        } catch (RestoreFailure failure) { // the restored copy stays live, and open to its clients as before
            try {
                allowConnections(live, true, step);
            } catch (RestoreFailure reopening) {
                failure.addSuppressed(reopening);
            }
            throw failure;
        }
    }

    public void allowConnections(String name, boolean allowed, RestoreStep step) throws RestoreFailure {
        execute(allowConnectionsSql(name, allowed), step);
    }

    private static String allowConnectionsSql(String name, boolean allowed) {
        return "ALTER DATABASE " + SqlIdentifiers.quote(name) + " ALLOW_CONNECTIONS " + allowed;
    }

    private static String renameSql(String from, String to) {
        return "ALTER DATABASE " + SqlIdentifiers.quote(from) + " RENAME TO " + SqlIdentifiers.quote(to);
    }

    private void rollbackQuietly() {
        try {
            maintenance.rollback();
        } catch (SQLException ignored) {
            // a broken connection's transaction is rolled back by the server
        }
    }

    /**
     * Whether a transaction of the server committed ({@code pg_xact_status}): empty when the server does not know it (its
     * status was truncated away long after it ended, or the id is past the server's newest: a cluster rebuilt or failed
     * over to a replica that had not received it). A transaction still in progress is a failure: ask again later.
     */
    public Optional<Boolean> committed(long transactionId, RestoreStep step) throws RestoreFailure {
        String status;
        try (PreparedStatement query = maintenance.prepareStatement("SELECT pg_xact_status(?::text::xid8)")) {
            query.setString(1, Long.toString(transactionId));
            try (ResultSet result = query.executeQuery()) {
                status = result.next() ? result.getString(1) : null;
            }
        } catch (SQLException e) {
            if (INVALID_PARAMETER_VALUE.equals(e.getSQLState())) { // "transaction ID ... is in the future"
                return Optional.empty();
            }
            throw server.failure(step, server.maintenanceDatabase(), e);
        }
        if ("in progress".equals(status)) {
            throw new RestoreFailure(step, "TRANSACTION_IN_PROGRESS", "transaction " + transactionId + " of a stopped restore is still in "
                    + "progress on " + server.maintenanceDatabase() + "'s server: asked again later");
        }
        return status == null ? Optional.empty() : Optional.of(status.equals("committed"));
    }

    /** Whether a replication slot of this name lies on the database (a point-in-time capture's, say). */
    public boolean hasSlot(String slot, String database, RestoreStep step) throws RestoreFailure {
        try (PreparedStatement query = maintenance.prepareStatement(
                "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND database = ?")) {
            query.setString(1, slot);
            query.setString(2, database);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        } catch (SQLException e) {
            throw server.failure(step, server.maintenanceDatabase(), e);
        }
    }

    /** Ends every other session on a database and waits until they are gone. */
    public void endSessions(String name, RestoreStep step) throws RestoreFailure {
        endUntilGone("datname = ?", List.of(name), step, "sessions on " + name);
    }

    /**
     * Ends every session of an earlier attempt of this restore on the server (a frozen worker's, found by
     * {@link AttemptNames}' name; not this {@code attempt}'s) and waits until they are gone: their open transactions
     * roll back, and what they held (the lock, a half-done swap's catalog rows) is free. Returns how many there were.
     */
    public long endSessionsOfEarlierAttempts(String restoreId, int attempt, RestoreStep step) throws RestoreFailure {
        return endUntilGone("starts_with(application_name, ?) AND application_name <> ?", List.of(AttemptNames.RESTORE.applicationPrefix(restoreId),
                AttemptNames.RESTORE.applicationName(restoreId, attempt)), step, "the sessions of restore " + restoreId + "'s earlier attempts");
    }

    /** Ends the other sessions that match {@code where} until none is left; how many matched at first. */
    private long endUntilGone(String where, List<String> parameters, RestoreStep step, String what) throws RestoreFailure {
        long deadline = System.nanoTime() + SESSIONS_END_WITHIN.toNanos();
        long first = -1;
        try (PreparedStatement terminate = maintenance.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE " + where + " AND pid <> pg_backend_pid()")) {
            for (int i = 0; i < parameters.size(); i++) {
                terminate.setString(i + 1, parameters.get(i));
            }
            while (true) {
                try (ResultSet result = terminate.executeQuery()) {
                    result.next();
                    first = first < 0 ? result.getLong(1) : first;
                    if (result.getLong(1) == 0) {
                        return first;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new RestoreFailure(step, "SESSIONS_REMAIN", what + " did not end within " + SESSIONS_END_WITHIN.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            throw server.failure(step, server.maintenanceDatabase(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure(step, "INTERRUPTED", "interrupted while ending " + what);
        }
    }

    private void execute(String sql, RestoreStep step) throws RestoreFailure {
        try (Statement statement = maintenance.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw server.failure(step, server.maintenanceDatabase(), e);
        }
    }

    @Override
    public void close() {
        try {
            maintenance.close();
        } catch (SQLException ignored) {
            // the session ends with the connection
        }
    }
}
