package dev.lifeboat.d1.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The lock a backup and a restore into the live database take for one D1 database, so that they never overlap: a backup
 * exporting a database a restore has half loaded would catalogue half a database as a good backup, and two restores into
 * one would mix. D1 keeps no session that could hold a lock, so this is a session-level PostgreSQL advisory lock on
 * Lifeboat's own database, which the backup and restore services share, keyed by the registered database's id. It is held
 * while this object is open; closing its session releases it, also when the service dies.
 */
public final class D1DatabaseLock implements AutoCloseable {

    /** "LBD1" in ASCII: Lifeboat's D1 databases among the advisory locks of its own database. */
    static final int CLASS_ID = 0x4C424431;
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(" + CLASS_ID + ", hashtext(?))";
    private static final long RETRY_MILLIS = 250;

    private final Connection session;

    private D1DatabaseLock(Connection session) {
        this.session = session;
    }

    /** Opens a session of Lifeboat's own database, one of its own (never a pooled one: closing it must end it). */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    /** The lock stayed held by another backup or restore for the whole wait. */
    public static final class Busy extends Exception {
        Busy(String databaseId, Duration wait) {
            super("database " + databaseId + " stayed locked by another backup or restore for " + wait);
        }
    }

    /**
     * Waits up to {@code wait} for the lock of {@code databaseId}, on a session of its own. Blocking: call it on a worker
     * thread.
     *
     * @throws SQLException Lifeboat's own database did not answer
     */
    public static D1DatabaseLock take(Sessions sessions, String databaseId, Duration wait) throws Busy, SQLException, InterruptedException {
        Connection session = sessions.open();
        long deadline = System.nanoTime() + wait.toNanos();
        try (PreparedStatement statement = session.prepareStatement(TRY_LOCK)) {
            statement.setString(1, databaseId);
            while (true) {
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return new D1DatabaseLock(session);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new Busy(databaseId, wait);
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (Busy | SQLException | InterruptedException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** Releases the lock by ending its session. */
    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(Connection session) {
        try {
            session.close();
        } catch (SQLException ignored) {
            // the session, and with it the lock, is gone either way
        }
    }
}
