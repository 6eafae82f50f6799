package dev.lifeboat.backup.dump;

import dev.lifeboat.postgres.connect.AttemptNames;
import dev.lifeboat.postgres.lock.DatabaseLock;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a newer attempt of a backup request does with a session of an older attempt of the same request (named as
 * {@link AttemptNames#BACKUP} names them) that still holds the database's lock. That older attempt's replica froze (a long pause, a
 * suspended VM) past {@code lifeboat.backup.stale-after}, so its request was taken over; while it stays frozen, the lock
 * its session holds would keep the newer attempt waiting for {@code lock-wait} and fail it. The newer attempt ends that
 * session instead ({@code pg_terminate_backend}: the role that opened it may); the frozen attempt, once resumed, fails on
 * it and records nothing, its request having a newer attempt. The same holds for the lock of a D1 database, a session of
 * Lifeboat's own database named the same way ({@code D1BackupJob}).
 */
public final class AttemptSessions {

    private static final Logger LOG = Logger.getLogger(AttemptSessions.class);

    private AttemptSessions() {
    }

    /** Ends the session that holds the database's lock when it is of an older attempt of this request; whether it did. */
    static boolean endOlderAttemptHolding(Connection connection, String databaseId, String requestId, int attempt) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(DatabaseLock.HOLDER_SQL)) {
            return result.next() && endOlderAttempt(connection, result.getInt(1), result.getString(2), databaseId, requestId, attempt);
        }
    }

    /**
     * Ends session {@code pid}, which holds the lock of {@code databaseId} under the name {@code holder}, when it is of an
     * older attempt of this request; whether it did.
     */
    public static boolean endOlderAttempt(Connection connection, int pid, String holder, String databaseId, String requestId, int attempt)
            throws SQLException {
        if (!AttemptNames.BACKUP.olderAttempt(holder, requestId, attempt)) {
            return false;
        }
        // ends it only while that pid is still the session of that name: a pid reused meanwhile is left alone
        try (PreparedStatement end = connection.prepareStatement(DatabaseLock.END_SESSION_SQL
                + " FROM pg_stat_activity WHERE pid = ? AND application_name = ?")) {
            end.setInt(1, pid);
            end.setInt(2, pid);
            end.setString(3, holder);
            try (ResultSet result = end.executeQuery()) {
                boolean ended = result.next() && result.getBoolean(1);
                LOG.warnf("Request %s attempt %d: %s the session of an older attempt (%s, pid %d) that still held the lock of %s;"
                        + " its replica stopped answering and the request was taken over", requestId, attempt,
                        ended ? "ended" : "could not end", holder, pid, databaseId);
                return ended;
            }
        } catch (SQLException refused) {
            // another role's session (the registration's role changed between the attempts): wait for the lock as before
            LOG.warnf("Request %s attempt %d: the older attempt's session (pid %d) holding the lock of %s could not be ended: %s",
                    requestId, attempt, pid, databaseId, refused.getSQLState());
            return false;
        }
    }
}
