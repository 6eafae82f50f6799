package dev.lifeboat.restore.validation;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.restorechecks.CheckLanes;
import dev.lifeboat.postgres.sql.CatalogNames;
import dev.lifeboat.restorechecks.MaterializedViewNotice;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The VALIDATION of a restored copy before anything live changes (JDBC on the copy, blocking): it must match the backup,
 * and it says where it may differ from the source (the materialized views it recomputed).
 */
public final class CopyValidation {

    private CopyValidation() {
    }

    /**
     * @param whole  whether the whole database was restored (not TABLES): then the materialized views it recomputed are
     *               named, where it may differ from the source
     * @param point  for a restore to a moment, the point it reached (whose views no replayed REFRESH brought there); else null
     * @param lanes  connections the restored rows are read back over at once (the restore's jobs)
     * @return the passed checks; @throws RestoreFailure VALIDATION_FAILED when one failed
     */
    public static RestoredDatabaseChecks.Outcome check(TargetServer server, String database, BackupManifest manifest, List<String> tables,
                                                       boolean whole, RestoreCompleted.PointReached point, int lanes)
            throws RestoreFailure {
        try (Connection connection = server.open(database, "restore (validation)", RestoreStep.VALIDATION)) {
            RestoredDatabaseChecks.Outcome outcome = new RestoredDatabaseChecks(connection,
                    new CheckLanes(lanes, () -> server.session(database, "restore (validation)"))).all(manifest, tables);
            if (!outcome.passed()) {
                throw new RestoreFailure(RestoreStep.VALIDATION, "VALIDATION_FAILED", "the restored database " + database
                        + " does not match backup " + manifest.backupId() + ": " + outcome.failures());
            }
            if (!whole) {
                return outcome;
            }
            return outcome.with(point != null ? MaterializedViewNotice.afterReplay(point.viewsRecomputed(), point.target())
                    : MaterializedViewNotice.afterRestore(CatalogNames.populatedMaterializedViews(connection)));
        } catch (SQLException e) {
            throw server.failure(RestoreStep.VALIDATION, database, e);
        }
    }
}
