package dev.lifeboat.restore.job;

import dev.lifeboat.postgres.checks.RestoredDatabaseChecks;

/** A restore that reached its target: the backup it read, the database it restored into, and the validation it passed. */
record CompletedRestore(String backupId, String targetDatabase, RestoredDatabaseChecks.Outcome validation) {
}
