package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;

/** An admin deleted a backup; {@code forced} when it was the database's only good backup. */
public record BackupDeleted(String backupId, String databaseId, String objectKey, String deletedBy, boolean forced)
        implements EventData {
}
