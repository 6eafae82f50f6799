package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.connect.AttemptNames;
import dev.lifeboat.postgres.connect.ConnectionProblem;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL server a database is restored on, reached as its restore role (JDBC:
 * blocking, call on a worker thread). Failures become codes; messages never carry the password.
 */
public final class TargetServer {

    private final String databaseId;
    private final TargetSettings settings;
    private final PgConnection server;
    /** What every session opened here is named for (null: each its own purpose). */
    private final String sessionPurpose;
    /** Asked as each session has opened: fails (and the session is closed) once the attempt no longer owns its run. */
    private final StillOwned stillOwned;

    /**
     * Whether a restore's attempt still owns its run: throws the restore's own {@code TakenOver} when a newer attempt
     * does, and {@link OwnershipUnknown} when it cannot be told (the service's own database out of reach), which fails the
     * step as {@code OWN_DATABASE_UNAVAILABLE}: not the target's failure.
     */
    @FunctionalInterface
    public interface StillOwned {
        void check() throws SQLException;
    }

    /** The service's own database could not say whether the attempt still owns its run; the target was never asked. */
    public static final class OwnershipUnknown extends SQLException {

        public OwnershipUnknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The code of a step that failed because the service's own database did not answer. */
    public static final String OWN_DATABASE_UNAVAILABLE = "OWN_DATABASE_UNAVAILABLE";

    TargetServer(String databaseId, TargetSettings settings, PgConnection server) {
        this(databaseId, settings, server, null, () -> { });
    }

    private TargetServer(String databaseId, TargetSettings settings, PgConnection server, String sessionPurpose, StillOwned stillOwned) {
        this.databaseId = databaseId;
        this.settings = settings;
        this.server = server;
        this.sessionPurpose = sessionPurpose;
        this.stillOwned = stillOwned;
    }

    /**
     * The same server, every JDBC session opened through it named for this attempt of a restore
     * ({@code lifeboat restore <restoreId>#<attempt>}): what {@link ServerDatabases#endSessionsOfEarlierAttempts} ends.
     * Each session, once open, asks {@code stillOwned} whether the attempt still owns the run (it throws if not). So a
     * worker resumed after a recovery took its run over cannot act on the target: a session opened before the takeover
     * is one the recovery ends before it looks, and one opened after it is closed before it is used.
     */
    public TargetServer forRestore(String restoreId, int attempt, StillOwned stillOwned) {
        return new TargetServer(databaseId, settings, server, AttemptNames.RESTORE.purpose(restoreId, attempt), stillOwned);
    }

    public String databaseId() {
        return databaseId;
    }

    /** The live database's name on the server. */
    public String liveDatabase() {
        return settings.database();
    }

    public String maintenanceDatabase() {
        return settings.maintenanceDatabase();
    }

    public TargetSettings settings() {
        return settings;
    }

    /** Where, as whom and over what TLS: for JDBC here and for {@code pg_restore}'s environment. */
    public PgConnection connection() {
        return server;
    }

    public Connection open(String database, String purpose, RestoreStep step) throws RestoreFailure {
        try {
            return session(database, purpose);
        } catch (SQLException e) {
            throw failure(step, database, e);
        }
    }

    /** Opens a session as {@link #open} does, failing with the driver's exception (for lanes that open their own). */
    public Connection session(String database, String purpose) throws SQLException {
        Connection session = connection().open(database, sessionPurpose == null ? purpose : sessionPurpose);
        try {
            stillOwned.check();
            return session;
        } catch (SQLException | RuntimeException notOwned) {
            try {
                session.close();
            } catch (SQLException closing) {
                notOwned.addSuppressed(closing);
            }
            throw notOwned;
        }
    }

    /** A failed statement or connection as a restore failure with a code from its SQLSTATE. */
    public RestoreFailure failure(RestoreStep step, String database, SQLException e) {
        if (e instanceof OwnershipUnknown) {
            return new RestoreFailure(step, OWN_DATABASE_UNAVAILABLE, e.getMessage(), e);
        }
        PgConnection server = connection();
        String reason = server.redact(e.getMessage());
        if ("42501".equals(e.getSQLState())) {
            return new RestoreFailure(step, "INSUFFICIENT_PRIVILEGE", server.where(database) + ": " + reason + ". Restores connect as "
                    + settings.username() + " (" + settings.source() + "); they need a role that may create, rename and drop databases "
                    + "and end other sessions (a superuser, or the owner with CREATEDB and pg_signal_backend): register one as "
                    + "restore.username and restore.credentialRef", e);
        }
        String code = "55P03".equals(e.getSQLState()) ? "LOCK_TIMEOUT" : switch (ConnectionProblem.of(e)) {
            case OTHER -> "SQL_FAILED";
            default -> ConnectionProblem.of(e).name();
        };
        return new RestoreFailure(step, code, server.where(database) + ": " + reason, e);
    }
}
