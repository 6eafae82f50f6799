package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.EventData;

import java.time.Instant;

/** A restore has begun: applications may enter maintenance mode. */
public record RestoreStarted(String restoreId, String databaseId, String backupId, RestoreTarget.Kind targetKind,
                             String targetDatabase, Instant startedAt) implements EventData {
}
