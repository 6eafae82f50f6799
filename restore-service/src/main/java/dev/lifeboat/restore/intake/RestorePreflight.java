package dev.lifeboat.restore.intake;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.connect.TargetServers;
import dev.lifeboat.restore.databases.SqlNames;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.source.BackupSelection;
import dev.lifeboat.restore.tables.TableSelection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/**
 * The checks an API request gets before it is accepted, so a mistake is a 4xx now rather than a
 * RestoreFailed later: the database is a restore target, a backup matches the source, a new database's
 * name is acceptable, and TABLES names are tables of that backup. No SQL runs here (blocking: S3).
 * The worker runs the same checks again when it starts the restore (requests also come as events, and
 * the latest backup may have changed meanwhile).
 */
@ApplicationScoped
public class RestorePreflight {

    private final TargetServers targets;
    private final BackupSelection selection;

    public RestorePreflight(TargetServers targets, BackupSelection selection) {
        this.targets = targets;
        this.selection = selection;
    }

    /** @return the backup the source resolves to now, and for TABLES the checked table names (else null) */
    public Checked check(String databaseId, RestoreSource source, RestoreTarget target) throws RestoreFailure {
        if (!targets.isConfigured(databaseId)) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "UNKNOWN_DATABASE", TargetServers.notATarget(databaseId));
        }
        if (target.databaseName() != null && !SqlNames.DATABASE_NAME.matcher(target.databaseName()).matches()) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TARGET",
                    "target.databaseName must be 1-63 characters of a-z, 0-9 and '_', not starting with a digit");
        }
        BackupManifest manifest = selection.choose(databaseId, source);
        Set<String> tables = target.kind() == RestoreTarget.Kind.TABLES ? TableSelection.check(target.tables(), manifest) : null;
        return new Checked(manifest, tables);
    }

    /** What a restore reads: one backup, and for TABLES the tables (names of its manifest). */
    public record Checked(BackupManifest manifest, Set<String> tables) {
    }
}
