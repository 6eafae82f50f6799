package dev.lifeboat.backup.api;

import dev.lifeboat.backup.intake.BackupRequestRecord;

import java.time.Instant;
import java.util.Map;

/** A backup request as recorded. */
public record BackupRequestView(String requestId, String databaseId, String trigger, String requestedBy,
                                Map<String, String> labels, String correlationId, Instant receivedAt, String status) {

    static BackupRequestView of(BackupRequestRecord row) {
        return new BackupRequestView(row.requestId, row.databaseId, row.trigger, row.requestedBy, row.labels,
                row.correlationId, row.receivedAt, row.status.name());
    }
}
