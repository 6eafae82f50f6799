package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

/**
 * A backup attempt failed; nothing of it stays listed as a backup.
 *
 * @param backupId  absent when it failed before a backup id was given (e.g. unknown database)
 * @param errorCode upper-case code, e.g. {@code UNKNOWN_DATABASE}, {@code CONNECTION_FAILED},
 *                  {@code AUTHENTICATION_FAILED}, {@code DUMP_FAILED}, {@code STORAGE_FAILED}
 * @param message   what went wrong, with secrets removed
 * @param attempt   1 for the first attempt
 * @param retryable whether Lifeboat (or the requester) may try again
 */
public record BackupFailed(String requestId, @OptionalField String backupId, String databaseId, BackupTrigger trigger,
                           String errorCode, String message, int attempt, boolean retryable) implements EventData {
}
