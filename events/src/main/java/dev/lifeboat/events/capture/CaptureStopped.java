package dev.lifeboat.events.capture;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

import java.time.Instant;

/**
 * Point-in-time capture of a database stopped: restores to the second reach no further than its last archived commit
 * until it resumes, and the source's slot keeps WAL meanwhile. Sent once when it stops, not on every retry.
 *
 * @param errorCode          upper-case code: {@code NOT_READY} (the preflight: {@code wal_level}, REPLICATION, no free
 *                           slot), {@code CONNECTION_FAILED}, {@code AUTHENTICATION_FAILED}, {@code CREDENTIAL_UNAVAILABLE},
 *                           {@code STORAGE_FAILED}, {@code CAPTURE_FAILED}
 * @param message            what went wrong and how to fix it, with secrets removed
 * @param lastArchivedCommit the newest commit the archive holds (absent when it holds none)
 */
public record CaptureStopped(String databaseId, String errorCode, String message,
                             @OptionalField Instant lastArchivedCommit) implements EventData {
}
