package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;

import java.time.Instant;

/** Retention removed a backup's objects. {@code policy} names the rule, e.g. {@code max-age 30d}. */
public record BackupExpired(String backupId, String databaseId, String objectKey, String policy, Instant createdAt)
        implements EventData {
}
