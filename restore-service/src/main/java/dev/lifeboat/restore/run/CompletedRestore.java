package dev.lifeboat.restore.run;

import dev.lifeboat.restorechecks.RestoredDatabaseChecks;

/** A restore that reached its target: the backup it read, the database it restored into, and the validation it passed. */
public record CompletedRestore(String backupId, String targetDatabase, RestoredDatabaseChecks.Outcome validation) {
}
