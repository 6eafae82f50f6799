package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;

/**
 * What planning a restore needs of a stored segment: where it lies in the stream and which seconds it covers. The
 * archive's listing carries it in the names of the segment's keys, so a plan over thousands of segments reads no
 * manifest; replay reads the manifest of each segment it opens ({@link ChangeArchive#manifest}).
 *
 * @param lastCommitLsn   its last transaction's commit position
 * @param firstCommitTime when its first transaction committed
 * @param coveredUntil    by the source's clock, it holds every transaction committed up to this moment
 */
public record SegmentSpan(String databaseId, String segmentId, Lsn fromLsn, Lsn toLsn, Lsn lastCommitLsn,
                          Instant firstCommitTime, Instant coveredUntil) {
}
