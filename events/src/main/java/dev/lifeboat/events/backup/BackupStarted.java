package dev.lifeboat.events.backup;

import dev.lifeboat.events.data.EventData;

import java.time.Instant;

/** A backup has taken the database's lock and started {@code pg_dump}. */
public record BackupStarted(String requestId, String backupId, String databaseId, BackupTrigger trigger, int attempt,
                            Instant startedAt) implements EventData {
}
