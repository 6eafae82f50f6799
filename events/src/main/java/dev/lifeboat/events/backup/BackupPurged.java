package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

/**
 * A deleted backup is gone for good, its objects and its catalog entry: its time to be kept after its deletion passed
 * (the retention sweep purged it), or an admin purged it early (a database's last verified backup only on a second
 * admin's call). Until this event it could be undeleted.
 *
 * @param purgedBy    {@code retention}, or the admin whose call purged it
 * @param requestedBy the first admin, whose purge of the database's last verified backup {@code purgedBy} approved
 */
public record BackupPurged(String backupId, String databaseId, String objectKey, String purgedBy, @OptionalField String requestedBy)
        implements EventData {
}
