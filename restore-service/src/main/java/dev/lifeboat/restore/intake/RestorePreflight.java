package dev.lifeboat.restore.intake;

import dev.lifeboat.events.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.connect.TargetServers;
import dev.lifeboat.restore.databases.SqlNames;
import dev.lifeboat.restore.job.RestoreFailure;
import dev.lifeboat.restore.job.RestoreStep;
import dev.lifeboat.restore.source.BackupSelection;
import dev.lifeboat.restore.tables.TableSelection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The checks an API request gets before it is accepted, so a mistake is a 4xx now rather than a
 * RestoreFailed later: the database is a restore target, a backup matches the source, a new database's
 * name is acceptable, and TABLES names are tables of that backup. No SQL runs here (blocking: S3).
 * The worker checks the same again, for requests that come as events.
 */
@ApplicationScoped
public class RestorePreflight {

    private final TargetServers targets;
    private final BackupSelection selection;

    public RestorePreflight(TargetServers targets, BackupSelection selection) {
        this.targets = targets;
        this.selection = selection;
    }

    /** @return the backup the source resolves to now */
    public BackupManifest check(String databaseId, RestoreSource source, RestoreTarget target) throws RestoreFailure {
        if (!targets.isConfigured(databaseId)) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "UNKNOWN_DATABASE", TargetServers.notATarget(databaseId));
        }
        if (target.databaseName() != null && !SqlNames.DATABASE_NAME.matcher(target.databaseName()).matches()) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TARGET",
                    "target.databaseName must be 1-63 characters of a-z, 0-9 and '_', not starting with a digit");
        }
        BackupManifest manifest = selection.choose(databaseId, source);
        if (target.kind() == RestoreTarget.Kind.TABLES) {
            TableSelection.check(target.tables(), manifest);
        }
        return manifest;
    }
}
