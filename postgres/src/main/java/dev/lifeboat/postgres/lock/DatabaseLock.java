package dev.lifeboat.postgres.lock;

/**
 * The lock every Lifeboat service takes before it backs up or restores a database: a session-level
 * PostgreSQL advisory lock on the target database itself, so it holds across replicas and services
 * (a backup and a restore of one database never overlap). Take it with
 * {@code SELECT pg_try_advisory_lock(CLASS_ID, OBJECT_ID)} on a connection to that database; it is
 * released by {@code pg_advisory_unlock} or when the session ends (also when the service dies).
 */
public final class DatabaseLock {

    /** "LBOT" in ASCII: Lifeboat's namespace among advisory locks. */
    public static final int CLASS_ID = 0x4C424F54;
    /** The whole database. */
    public static final int OBJECT_ID = 1;

    public static final String TRY_LOCK_SQL = "SELECT pg_try_advisory_lock(" + CLASS_ID + ", " + OBJECT_ID + ")";
    public static final String UNLOCK_SQL = "SELECT pg_advisory_unlock(" + CLASS_ID + ", " + OBJECT_ID + ")";
    /** The session that holds the lock on the connected database ({@code pid}, {@code application_name}); no row when it is free. */
    public static final String HOLDER_SQL = "SELECT l.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = " + CLASS_ID + " AND l.objid = " + OBJECT_ID
            + " AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    /** Ends a session (and so releases its locks); a role may end its own sessions. */
    public static final String END_SESSION_SQL = "SELECT pg_terminate_backend(?)";

    private DatabaseLock() {
    }
}
