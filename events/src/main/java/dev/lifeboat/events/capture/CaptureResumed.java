package dev.lifeboat.events.capture;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

import java.time.Instant;

/**
 * Point-in-time capture of a database runs again after a {@link CaptureStopped}; it goes on from where its slot was
 * confirmed, so nothing committed meanwhile is missed (a lost slot is a gap, reported on the restorable window).
 *
 * @param stoppedAt          when it stopped
 * @param lastArchivedCommit the newest commit the archive holds (absent when it holds none)
 */
public record CaptureResumed(String databaseId, Instant stoppedAt, @OptionalField Instant lastArchivedCommit)
        implements EventData {
}
