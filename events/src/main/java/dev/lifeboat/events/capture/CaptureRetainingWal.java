package dev.lifeboat.events.capture;

import dev.lifeboat.events.data.EventData;

/**
 * The replication slot of a database's point-in-time capture keeps more WAL on the source server than the limit
 * ({@code lifeboat.capture.retained-wal-limit}): the capture is stopped or falls behind, and the server's disk fills
 * until it catches up (or {@code max_slot_wal_keep_size} drops the slot, which opens a gap). Sent once when the WAL kept
 * rises past the limit, again only after it fell below half of it.
 *
 * @param retainedWalBytes WAL the slot keeps, from its restart position to the server's current one
 * @param limitBytes       the limit it passed
 * @param captureStopped   whether the capture is stopped (else it streams but is behind)
 */
public record CaptureRetainingWal(String databaseId, long retainedWalBytes, long limitBytes, boolean captureStopped)
        implements EventData {
}
