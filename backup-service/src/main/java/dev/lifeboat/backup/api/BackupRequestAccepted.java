package dev.lifeboat.backup.api;

/** Answer to {@code POST /api/backups}: the request is on its way; follow it at {@code GET /api/backups/requests/{requestId}}. */
public record BackupRequestAccepted(String requestId, String databaseId, String status) {
}
