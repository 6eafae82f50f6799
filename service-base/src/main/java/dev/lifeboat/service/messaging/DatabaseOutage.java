package dev.lifeboat.service.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure says a service's own database cannot be reached now (down, restarting, failing over, out of
 * connections), rather than that the message or its effect is wrong. Such a failure ends when the database is back,
 * so a consumer waits for it ({@link ConsumerRetry}) and never dead-letters a valid message for it.
 */
final class DatabaseOutage {

    /** Class 08's one state a statement itself causes (too many bind parameters, say), so it fails the same way again. */
    private static final String PROTOCOL_VIOLATION = "08P01";
    /** Causes followed at most: a chain longer than this is not walked further. */
    private static final int MAX_DEPTH = 32;

    private DatabaseOutage() {
    }

    /** Whether {@code failure}, or anything that caused it, is an outage of the database. */
    static boolean isOutage(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.size() < MAX_DEPTH && seen.add(cause); cause = cause.getCause()) {
            if (isOutageItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutageItself(Throwable cause) {
        if (cause instanceof DatabaseException database) {
            return isOutageState(database.getSqlState());
        }
        if (cause instanceof SQLException sql) {
            return isOutageState(sql.getSQLState());
        }
        // refused, reset or unreachable (ConnectException, a connect timeout, NoRouteToHostException), a name not resolved while the
        // server's address moves, a connection closed under a query, no connection within the pool's wait
        return cause instanceof SocketException || cause instanceof UnknownHostException
                || cause instanceof ClosedChannelException || cause instanceof ClosedConnectionException
                || cause instanceof TimeoutException;
    }

    /**
     * The SQLSTATEs of a server that cannot serve now: class 08 (connection exception) but 08P01, 57P01-57P03 (shut down by
     * an administrator or a crash, starting up or in recovery), 53300 (too many connections), 25006 (a read-only
     * server: a failover that has not yet moved the name).
     */
    static boolean isOutageState(String sqlState) {
        if (sqlState == null) {
            return false;
        }
        return sqlState.startsWith("08") && !sqlState.equals(PROTOCOL_VIOLATION) || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03") || sqlState.equals("53300") || sqlState.equals("25006");
    }
}
