package dev.lifeboat.backup.api;

import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.runtime.progress.ProgressReading;

import java.time.Instant;
import java.util.Map;

/**
 * A backup request as recorded, and what became of it: RECEIVED, RUNNING, RETRYING, COMPLETED or FAILED,
 * its attempts, the backup it wrote, and the last failure's code and message; while RUNNING, how far it has come
 * ({@code progress}: pg_dump's bytes so far against the database's size, the rate so far and the time left at it).
 */
public record BackupRequestView(String requestId, String databaseId, String trigger, String requestedBy,
                                Map<String, String> labels, String correlationId, Instant receivedAt, String status,
                                int attempts, String backupId, String lastErrorCode, String lastError, Instant finishedAt,
                                ProgressReading progress) {

    public static BackupRequestView of(BackupRequestRecord row) {
        ProgressReading progress = row.status == BackupRequestRecord.Status.RUNNING && row.progressBytes != null
                ? ProgressReading.recorded(row.progressBytes, row.progressExpectedBytes, row.progressBytesPerSecond) : null;
        return new BackupRequestView(row.requestId, row.databaseId, row.trigger, row.requestedBy, row.labels,
                row.correlationId, row.receivedAt, row.status.name(), row.attempt, row.backupId, row.lastErrorCode,
                row.lastError, row.finishedAt, progress);
    }
}
