package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

import java.time.Instant;
import java.util.Map;

/**
 * A backup is stored and its manifest written: everything a consumer needs to find and check it.
 *
 * @param objectKey      key of the archive in the bucket
 * @param manifestKey    key of its {@code manifest.json}
 * @param sizeBytes      stored size (compressed, encrypted)
 * @param sha256         hex SHA-256 of the stored bytes
 * @param keyId          id of the encryption key, when {@code encrypted}; never the key
 * @param tableRowCounts exact row count per table ({@code schema.table}), from the dump's snapshot
 * @param serverVersion  PostgreSQL server version of the database
 */
public record BackupCompleted(String requestId, String backupId, String databaseId, BackupTrigger trigger,
                              String objectKey, String manifestKey, long sizeBytes, String sha256,
                              Compression compression, boolean encrypted, @OptionalField String keyId, long durationMs,
                              Map<String, Long> tableRowCounts, String serverVersion, Instant startedAt,
                              Instant completedAt) implements EventData {

    public BackupCompleted {
        tableRowCounts = Map.copyOf(tableRowCounts);
    }
}
