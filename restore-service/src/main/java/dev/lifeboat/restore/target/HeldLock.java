package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.lock.DatabaseLock;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The per-database lock backups take too ({@link DatabaseLock}), held by a session on the live database
 * for as long as this object is open. Closing the session releases it, also when the service dies.
 */
public final class HeldLock implements AutoCloseable {

    private static final long RETRY_MILLIS = 500;

    private final Connection session;

    private HeldLock(Connection session) {
        this.session = session;
    }

    /** Waits up to {@code wait} for the lock on the live database. */
    public static HeldLock take(TargetServer server, Duration wait) throws RestoreFailure {
        Connection session = server.open(server.liveDatabase(), "restore (lock)", RestoreStep.LOCK);
        long deadline = System.nanoTime() + wait.toNanos();
        try (Statement statement = session.createStatement()) {
            while (true) {
                try (ResultSet result = statement.executeQuery(DatabaseLock.TRY_LOCK_SQL)) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return new HeldLock(session);
                    }
                }
                if (System.nanoTime() > deadline) {
                    closeQuietly(session);
                    throw new RestoreFailure(RestoreStep.LOCK, "LOCK_TIMEOUT", "database " + server.databaseId()
                            + " is being backed up or restored; its lock was not free within " + wait);
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (SQLException e) {
            closeQuietly(session);
            throw server.failure(RestoreStep.LOCK, server.liveDatabase(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(session);
            throw new RestoreFailure(RestoreStep.LOCK, "INTERRUPTED", "interrupted while waiting for the lock");
        }
    }

    /** Releases the lock by ending its session. */
    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the session, and with it the lock, is gone either way
        }
    }
}
