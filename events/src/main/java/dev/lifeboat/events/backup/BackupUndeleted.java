package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;

/**
 * An admin undeleted a backup while it was still kept after its deletion: it is listed and restorable again, and its
 * verification starts over.
 */
public record BackupUndeleted(String backupId, String databaseId, String objectKey, String undeletedBy)
        implements EventData {
}
