package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;
import java.util.List;

/**
 * What planning a restore needs of a stored segment: where it lies in the stream and which seconds it covers. The
 * archive's listing carries it in the names of the segment's keys, so a plan over thousands of segments reads no
 * manifest; replay reads the manifest of each segment it opens ({@link ChangeArchive#manifest}). The span index also
 * keeps what the change timeline passes segments over by (null where it is not known: a span from the listing, or one
 * indexed before it was kept).
 *
 * @param lastCommitLsn      its last transaction's commit position
 * @param firstCommitTime    when its first transaction committed
 * @param coveredUntil       by the source's clock, it holds every transaction committed up to this moment
 * @param largestTransaction the most rows one of its transactions inserted, updated and deleted
 * @param schemaChanges      how many of its transactions ran DDL
 * @param tables             the tables whose rows it changed ({@code schema.table})
 */
public record SegmentSpan(String databaseId, String segmentId, Lsn fromLsn, Lsn toLsn, Lsn lastCommitLsn,
                          Instant firstCommitTime, Instant coveredUntil, Long largestTransaction, Integer schemaChanges,
                          List<String> tables) {

    public SegmentSpan {
        tables = tables == null ? null : List.copyOf(tables);
    }

    /** A span whose transactions are not summarised here. */
    public SegmentSpan(String databaseId, String segmentId, Lsn fromLsn, Lsn toLsn, Lsn lastCommitLsn, Instant firstCommitTime,
                       Instant coveredUntil) {
        this(databaseId, segmentId, fromLsn, toLsn, lastCommitLsn, firstCommitTime, coveredUntil, null, null, null);
    }

    /** Whether it says what its transactions did (how many rows at most, DDL, which tables). */
    public boolean summarised() {
        return largestTransaction != null && schemaChanges != null && tables != null;
    }
}
