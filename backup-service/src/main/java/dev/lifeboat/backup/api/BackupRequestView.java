package dev.lifeboat.backup.api;

import dev.lifeboat.backup.intake.BackupRequestRecord;

import java.time.Instant;
import java.util.Map;

/**
 * A backup request as recorded, and what became of it: RECEIVED, RUNNING, RETRYING, COMPLETED or FAILED,
 * its attempts, the backup it wrote, and the last failure's code and message.
 */
public record BackupRequestView(String requestId, String databaseId, String trigger, String requestedBy,
                                Map<String, String> labels, String correlationId, Instant receivedAt, String status,
                                int attempts, String backupId, String lastErrorCode, String lastError, Instant finishedAt) {

    public static BackupRequestView of(BackupRequestRecord row) {
        return new BackupRequestView(row.requestId, row.databaseId, row.trigger, row.requestedBy, row.labels,
                row.correlationId, row.receivedAt, row.status.name(), row.attempt, row.backupId, row.lastErrorCode,
                row.lastError, row.finishedAt);
    }
}
