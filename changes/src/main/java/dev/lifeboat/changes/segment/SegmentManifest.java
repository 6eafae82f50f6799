package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.events.backup.Compression;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json} beside every change segment: the segments of a database, read in {@code fromLsn} order, chain
 * without a gap ({@code fromLsn} of one is {@code toLsn} of the one before), and say which seconds they cover.
 *
 * @param fromLsn           the stream's position when the segment opened (the slot's confirmed position): it holds
 *                          every transaction that committed after it
 * @param toLsn             the position it holds everything up to: the slot is confirmed to it once this is stored
 * @param coveredUntil      by the source's clock, the segment holds every transaction committed up to this moment
 *                          (at least its last commit; later when the stream was seen idle)
 * @param rowChanges        row changes per table ({@code schema.table}); a TRUNCATE counts one per table
 * @param definitions       the definitions of the tables the segment's changes were written under
 * @param excluded          tables the capture leaves out, each with why: a restore leaves them as its backup has them
 * @param sequences         every sequence's {@code last_value} read when the segment closed (never behind its last commit)
 * @param encryption        absent when the segment is not encrypted; the ciphertext is bound to {@code segmentId}
 * @param timeline          its transactions' summaries, stored beside it; absent in a segment stored before they were
 */
public record SegmentManifest(int formatVersion, String databaseId, String segmentId, String objectKey,
                              Lsn fromLsn, Lsn toLsn, Lsn firstCommitLsn, Lsn lastCommitLsn,
                              Instant firstCommitTime, Instant lastCommitTime, Instant coveredUntil,
                              int transactions, Map<String, Long> rowChanges, List<TableDefinition> definitions,
                              Map<String, String> excluded, Map<String, Long> sequences,
                              long sizeBytes, String sha256, Compression compression, int compressionLevel,
                              BackupManifest.Encryption encryption, Instant storedAt, Timeline timeline) {

    public static final int FORMAT_VERSION = 1;

    /**
     * The segment's transaction summaries ({@link SegmentTimeline}), sealed with the segment's compression and key.
     *
     * @param largestTransaction the most rows one of its transactions inserted, updated and deleted
     * @param schemaChanges      how many of its transactions ran DDL
     */
    public record Timeline(String objectKey, long sizeBytes, String sha256, long largestTransaction, int schemaChanges) {
    }

    public SegmentManifest {
        rowChanges = rowChanges == null ? Map.of() : new TreeMap<>(rowChanges);
        definitions = definitions == null ? List.of() : List.copyOf(definitions);
        excluded = excluded == null ? Map.of() : new TreeMap<>(excluded);
        sequences = sequences == null ? Map.of() : new TreeMap<>(sequences);
    }

    /** Where it lies in the stream and which seconds it covers (what planning a restore needs), and what it did. */
    public SegmentSpan span() {
        return timeline == null ? new SegmentSpan(databaseId, segmentId, fromLsn, toLsn, lastCommitLsn, firstCommitTime, coveredUntil)
                : new SegmentSpan(databaseId, segmentId, fromLsn, toLsn, lastCommitLsn, firstCommitTime, coveredUntil,
                timeline.largestTransaction(), timeline.schemaChanges(), List.copyOf(rowChanges.keySet()));
    }

    /** What opening the segment's object needs. */
    public ArchiveReader.Sealed sealed() {
        return new ArchiveReader.Sealed("change segment", segmentId, sizeBytes, sha256, compression, encryption);
    }
}
