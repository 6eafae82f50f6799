package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.EventData;

/** A restore failed after the swap and the previous database was put back. */
public record RestoreRolledBack(String restoreId, String databaseId, String step, String reason) implements EventData {
}
