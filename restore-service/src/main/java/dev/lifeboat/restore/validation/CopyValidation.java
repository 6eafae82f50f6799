package dev.lifeboat.restore.validation;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The VALIDATION of a restored copy before anything live changes (JDBC on the copy, blocking): it must match the backup. */
public final class CopyValidation {

    private CopyValidation() {
    }

    /** @return the passed checks; @throws RestoreFailure VALIDATION_FAILED when one failed */
    public static RestoredDatabaseChecks.Outcome check(TargetServer server, String database, BackupManifest manifest, List<String> tables)
            throws RestoreFailure {
        try (Connection connection = server.open(database, "restore (validation)", RestoreStep.VALIDATION)) {
            RestoredDatabaseChecks.Outcome outcome = new RestoredDatabaseChecks(connection).all(manifest, tables);
            if (!outcome.passed()) {
                throw new RestoreFailure(RestoreStep.VALIDATION, "VALIDATION_FAILED", "the restored database " + database
                        + " does not match backup " + manifest.backupId() + ": " + outcome.failures());
            }
            return outcome;
        } catch (SQLException e) {
            throw server.failure(RestoreStep.VALIDATION, database, e);
        }
    }
}
