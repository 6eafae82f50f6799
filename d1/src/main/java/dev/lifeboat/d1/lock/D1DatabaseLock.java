package dev.lifeboat.d1.lock;

import dev.lifeboat.d1.D1Location;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The lock a backup and a restore into the live database take for one D1 database, so that they never overlap: a backup
 * exporting a database a restore has half loaded would catalogue half a database as a good backup, and two restores into
 * one would mix. D1 keeps no session that could hold a lock, so this is a session-level PostgreSQL advisory lock on
 * Lifeboat's own database, which the backup and restore services share, keyed by where the database is (its account and
 * id, or its local folder and name: two registrations of one database share it). It is held while this object is open;
 * closing its session releases it, as does the session's end when its service dies (TCP keepalive finds a lost host). A
 * holder checks it still holds it ({@link #stillHeld}) before what must not happen without it.
 */
public final class D1DatabaseLock implements AutoCloseable {

    /** "LBD1" in ASCII: Lifeboat's D1 databases among the advisory locks of its own database. */
    static final int CLASS_ID = 0x4C424431;
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(" + CLASS_ID + ", hashtext(?))";
    private static final String HELD = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()"
            + " AND classid = " + CLASS_ID + " AND objid = hashtext(?)::oid AND objsubid = 2";
    private static final String HOLDER = "SELECT l.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = " + CLASS_ID + " AND l.objid = hashtext(?)::oid"
            + " AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    private static final long RETRY_MILLIS = 250;

    private final Connection session;
    private final String key;
    private final D1Location location;

    private D1DatabaseLock(Connection session, String key, D1Location location) {
        this.session = session;
        this.key = key;
        this.location = location;
    }

    /** Opens a session of Lifeboat's own database, one of its own (never a pooled one: closing it must end it). */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    /**
     * What a taker does about the session that holds the lock it waits for: a backup ends its own request's older attempt,
     * whose replica froze with the lock (the request was taken over), rather than wait for it to time out.
     */
    @FunctionalInterface
    public interface Holders {

        /** Leaves every holder alone: waits for it. */
        Holders WAIT = (session, pid, applicationName) -> false;

        /** Whether it ended the holder (session {@code pid}, named {@code applicationName}): the wait then starts again. */
        boolean ended(Connection session, int pid, String applicationName) throws SQLException;
    }

    /** Why the lock was not taken, or is no longer held. */
    public static final class NotHeld extends Exception {

        /** {@link #BUSY}: another backup or restore held it for the whole wait; else Lifeboat's own database failed. */
        public enum Why { BUSY, OWN_DATABASE, INTERRUPTED }

        private final Why why;
        private final boolean changed;

        NotHeld(Why why, String message, Throwable cause) {
            this(why, message, cause, false);
        }

        private NotHeld(Why why, String message, Throwable cause, boolean changed) {
            super(message, cause);
            this.why = why;
            this.changed = changed;
        }

        public Why why() {
            return why;
        }

        /** Whether what the lock guarded had already been changed when its loss was found (a load's first batch had run). */
        public boolean changed() {
            return changed;
        }

        /** The same, its message saying what had happened when it was found ({@code what}), and whether that changed the database. */
        public NotHeld when(String what, boolean changedByThen) {
            return new NotHeld(why, getMessage() + "; " + what, getCause(), changedByThen);
        }
    }

    /** Waits up to {@code wait} for the lock of the database at {@code location}, on a session of its own. Blocking. */
    public static D1DatabaseLock take(Sessions sessions, D1Location location, Duration wait) throws NotHeld {
        return take(sessions, location, wait, Holders.WAIT);
    }

    /**
     * As {@link #take(Sessions, D1Location, Duration)}; while another session holds the lock, {@code holders} may end it,
     * once per session: the wait starts again from a holder it ended (whose session may take a moment to go).
     */
    public static D1DatabaseLock take(Sessions sessions, D1Location location, Duration wait, Holders holders) throws NotHeld {
        String key = keyOf(location);
        Connection session;
        try {
            session = sessions.open();
        } catch (SQLException e) {
            throw ownDatabase(location, e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        Set<Integer> ended = new HashSet<>();
        try (PreparedStatement statement = session.prepareStatement(TRY_LOCK); PreparedStatement holder = session.prepareStatement(HOLDER)) {
            statement.setString(1, key);
            holder.setString(1, key);
            while (true) {
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        return new D1DatabaseLock(session, key, location);
                    }
                }
                if (holders != Holders.WAIT && endedHolder(session, holder, holders, ended)) {
                    deadline = System.nanoTime() + wait.toNanos();
                } else if (System.nanoTime() > deadline) {
                    closeQuietly(session);
                    throw new NotHeld(NotHeld.Why.BUSY, location + " stayed locked by another backup or restore for " + wait, null);
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (SQLException e) {
            closeQuietly(session);
            throw ownDatabase(location, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(session);
            throw new NotHeld(NotHeld.Why.INTERRUPTED, "interrupted while waiting for the lock of " + location, e);
        }
    }

    /** Whether {@code holders} ended the lock's holder now; a session it ended before is not asked about again. */
    private static boolean endedHolder(Connection session, PreparedStatement holder, Holders holders, Set<Integer> ended) throws SQLException {
        try (ResultSet result = holder.executeQuery()) {
            if (!result.next() || ended.contains(result.getInt(1))) {
                return false;
            }
            int pid = result.getInt(1);
            return holders.ended(session, pid, result.getString(2)) && ended.add(pid);
        }
    }

    /** Checks that its session still holds the lock: one ended meanwhile (a failover, a cut connection) lost it. Blocking. */
    public void stillHeld() throws NotHeld {
        try (PreparedStatement statement = session.prepareStatement(HELD)) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getLong(1) > 0) {
                    return;
                }
            }
            throw new NotHeld(NotHeld.Why.OWN_DATABASE, "the lock of " + location + " was lost: another backup or restore may have run", null);
        } catch (SQLException e) {
            throw new NotHeld(NotHeld.Why.OWN_DATABASE, "the lock of " + location + " was lost with its session (SQLSTATE " + e.getSQLState()
                    + "): another backup or restore may have run", e);
        }
    }

    /** Releases the lock by ending its session. */
    @Override
    public void close() {
        closeQuietly(session);
    }

    /**
     * Ends every session that holds a D1 database's lock under an application name starting with {@code prefix}, except
     * {@code keep}: the locks an earlier attempt of a run kept when its worker froze (the run was taken over). How many.
     * Blocking.
     */
    public static int endHolders(Connection session, String prefix, String keep) throws SQLException {
        try (PreparedStatement end = session.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(a.pid))"
                + " FROM pg_stat_activity a WHERE starts_with(a.application_name, ?) AND a.application_name <> ? AND a.pid IN"
                + " (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = " + CLASS_ID + " AND objsubid = 2)")) {
            end.setString(1, prefix);
            end.setString(2, keep);
            try (ResultSet result = end.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** Where the database is, as the lock's key: the same for every registration of it. */
    static String keyOf(D1Location location) {
        return location.local() ? "local:" + location.localFolder().toAbsolutePath().normalize() + "#" + location.name()
                : "remote:" + location.accountId() + "/" + location.databaseId();
    }

    private static NotHeld ownDatabase(D1Location location, SQLException e) {
        return new NotHeld(NotHeld.Why.OWN_DATABASE, "Lifeboat's own database did not answer for the lock of " + location + " (SQLSTATE "
                + e.getSQLState() + ")", e);
    }

    private static void closeQuietly(Connection session) {
        try {
            session.close();
        } catch (SQLException ignored) {
            // the session, and with it the lock, is gone either way
        }
    }
}
