package dev.lifeboat.restore.target;

import dev.lifeboat.postgres.connect.AttemptNames;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.wrangler.D1Settings;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.service.owndb.OwnDatabaseSessions;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What a restore reaches a Cloudflare D1 database through: wrangler, with the commands' settings and the secrets a token's
 * reference may name, and the database's lock ({@link D1DatabaseLock}), which its backups take too.
 */
@ApplicationScoped
public class D1Targets {

    private final D1Settings settings;
    private final DatabaseSecrets secrets;
    private final OwnDatabaseSessions ownDatabase;
    private final Duration lockWait;

    public D1Targets(D1Settings settings, DatabaseSecrets secrets, OwnDatabaseSessions ownDatabase, RestoreConfig config) {
        this.settings = settings;
        this.secrets = secrets;
        this.ownDatabase = ownDatabase;
        this.lockWait = config.lockWait();
    }

    /** wrangler for a restore's commands (loads and exports: the long timeout). */
    public Wrangler commands() {
        return settings.longCommands(secrets);
    }

    public Duration commandTimeout() {
        return settings.commandTimeout();
    }

    /**
     * Waits up to {@code lifeboat.restore.lock-wait} for the lock of the database at {@code live}, held until closed, on a
     * session named after this attempt ({@link AttemptNames}), so that a recovery can end it should the worker freeze.
     * Blocking.
     */
    public D1DatabaseLock lock(D1Location live, String restoreId, int attempt) throws RestoreFailure {
        try {
            return D1DatabaseLock.take(() -> ownDatabase.open(AttemptNames.RESTORE.purpose(restoreId, attempt)), live, lockWait);
        } catch (D1DatabaseLock.NotHeld e) {
            throw failure(RestoreStep.LOCK, e);
        }
    }

    /**
     * Ends the D1 locks the earlier attempts of a restore still hold (its worker froze; the run was taken over): the
     * database's backups and restores no longer wait for it, and the frozen worker, once resumed, finds its lock lost before
     * it changes the live database again. How many. Blocking.
     */
    public int endLocksOfEarlierAttempts(String restoreId, int attempt) throws SQLException {
        try (Connection own = ownDatabase.open(AttemptNames.RESTORE.purpose(restoreId, attempt))) {
            return D1DatabaseLock.endHolders(own, AttemptNames.RESTORE.applicationPrefix(restoreId), AttemptNames.RESTORE.applicationName(restoreId, attempt));
        }
    }

    /** The code of a restore whose lock's session ended while it held it. */
    public static final String LOCK_LOST = "LOCK_LOST";

    /** LOCK_TIMEOUT when another backup or restore held it; LOCK_LOST when a held lock's session ended; else INTERNAL. */
    public static RestoreFailure failure(RestoreStep step, D1DatabaseLock.NotHeld e) {
        String code = switch (e.why()) {
            case BUSY -> "LOCK_TIMEOUT";
            case INTERRUPTED -> "INTERRUPTED";
            case OWN_DATABASE -> step == RestoreStep.LOCK ? "INTERNAL" : LOCK_LOST;
        };
        return new RestoreFailure(step, code, e.getMessage(), e);
    }
}
