package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.EventData;

/** A restore failed at {@code step} (e.g. {@code SAFETY_BACKUP}, {@code CHECKSUM}, {@code PG_RESTORE}, {@code VALIDATION}). */
public record RestoreFailed(String restoreId, String databaseId, String step, String errorCode, String message)
        implements EventData {
}
