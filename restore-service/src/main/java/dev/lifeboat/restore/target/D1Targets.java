package dev.lifeboat.restore.target;

import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.wrangler.D1Settings;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.service.owndb.OwnDatabaseSessions;
import jakarta.enterprise.context.ApplicationScoped;

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

    /** Waits up to {@code lifeboat.restore.lock-wait} for the lock of {@code databaseId}, held until closed. Blocking. */
    public D1DatabaseLock lock(String databaseId) throws RestoreFailure {
        try {
            return D1DatabaseLock.take(() -> ownDatabase.open("restore (lock of " + databaseId + ")"), databaseId, lockWait);
        } catch (D1DatabaseLock.Busy e) {
            throw new RestoreFailure(RestoreStep.LOCK, "LOCK_TIMEOUT", e.getMessage(), e);
        } catch (SQLException e) {
            throw new RestoreFailure(RestoreStep.LOCK, "INTERNAL", "Lifeboat's own database did not answer for the lock of " + databaseId
                    + " (SQLSTATE " + e.getSQLState() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure(RestoreStep.LOCK, "INTERRUPTED", "interrupted while waiting for the lock");
        }
    }
}
