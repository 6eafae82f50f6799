package dev.lifeboat.restore.api;

import dev.lifeboat.runtime.progress.ProgressReading;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.RestoreStepRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A restore as the API shows it: the request, its state, and every step with its timing; while RUNNING, how far
 * PG_RESTORE has read the archive ({@code progress}: stored bytes so far against the archive's size, the rate so far
 * and the time left at it); a point-in-time restore's exact point once COMPLETED ({@code pointReached}, as its event has it);
 * why it read the second bucket's copy ({@code readFromCopy}, as its event has it).
 */
public record RestoreView(String restoreId, String databaseId, String status, String sourceKind, String backupId,
                          Instant pointInTime, String beforeTransaction, String resolvedBackupId, String targetKind, String targetDatabase,
                          List<String> tables, boolean includeDependents, boolean safetyBackup, String safetyBackupId,
                          String preRestoreDatabase, String stagingDatabase, String requestedBy, String correlationId,
                          Instant receivedAt, Instant startedAt, Instant finishedAt, Long durationMs, Long rowsRestored,
                          Long storedBytes, List<ValidationResult> validations, RestoreCompleted.PointReached pointReached,
                          String readFromCopy, Error error, List<Step> steps,
                          ProgressReading progress) {

    public record Error(String step, String code, String message) {
    }

    public record Step(String step, String outcome, Instant startedAt, long durationMs, String details) {
        static Step of(RestoreStepRecord row) {
            return new Step(row.step, row.outcome, row.startedAt, Duration.between(row.startedAt, row.finishedAt).toMillis(), row.details);
        }
    }

    public static RestoreView of(RestoreRequestRecord row, List<RestoreStepRecord> steps) {
        return new RestoreView(row.restoreId, row.databaseId, row.status, row.sourceKind, row.backupId, row.pointInTime,
                row.beforeTransaction, row.resolvedBackupId, row.targetKind, row.targetDatabase, Arrays.asList(row.tables), row.includeDependents,
                row.safetyBackup, row.safetyBackupId, row.preRestoreDatabase, row.stagingDatabase, row.requestedBy,
                row.correlationId, row.receivedAt, row.startedAt, row.finishedAt,
                row.startedAt != null && row.finishedAt != null ? Duration.between(row.startedAt, row.finishedAt).toMillis() : null,
                row.rowsRestored, row.storedBytes, RestoreJournal.results(row.validations), RestoreJournal.pointReached(row.pointReached),
                row.readFromCopy, row.errorCode == null ? null : new Error(row.errorStep, row.errorCode, row.errorMessage),
                steps.stream().map(Step::of).toList(),
                "RUNNING".equals(row.status) && row.progressBytes != null
                        ? ProgressReading.recorded(row.progressBytes, row.progressExpectedBytes, row.progressBytesPerSecond) : null);
    }
}
