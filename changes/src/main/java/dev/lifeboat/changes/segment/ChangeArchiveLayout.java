package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where change segments live in the bucket, beside the backups: {@code changes/<database>/<from>-<to>/} holds the
 * segment's object, its {@code manifest.json} and its transactions' summaries ({@code timeline.jsonl...}). Positions are fixed-width hex, so keys sort as the stream runs.
 */
public final class ChangeArchiveLayout {

    public static final String ROOT = "changes/";
    private static final Pattern SPAN = Pattern.compile(
            ".*/([0-9A-F]{16})-([0-9A-F]{16})/changes-([0-9A-F]{16})-(-?\\d+)\\.(\\d{9})-(-?\\d+)\\.(\\d{9})\\.jsonl[^/]*");

    private ChangeArchiveLayout() {
    }

    public static String segmentId(Lsn from, Lsn to) {
        return from.sortable() + "-" + to.sortable();
    }

    public static String databasePrefix(String databaseId) {
        return ROOT + databaseId + "/";
    }

    public static String folder(String databaseId, String segmentId) {
        return databasePrefix(databaseId) + segmentId + "/";
    }

    /**
     * The segment's object, named with what planning needs ({@link SegmentSpan}), so that listing the archive is enough
     * to plan: {@code changes-<last commit>-<first commit time>-<covered until>.jsonl<suffix>}, times as
     * {@code <epoch second>.<nanoseconds>}. Segments stored before had {@code changes.jsonl<suffix>}, and are planned
     * from their manifest.
     */
    public static String objectKey(String folder, Lsn lastCommitLsn, Instant firstCommitTime, Instant coveredUntil,
                                   ArchiveLayout.ArchiveSuffix suffix) {
        return folder + "changes-" + lastCommitLsn.sortable() + "-" + stamp(firstCommitTime) + "-" + stamp(coveredUntil)
                + ".jsonl" + suffix.text();
    }

    /** A segment's transaction summaries: sorts after its object and its manifest, and names no span. */
    static String timelineKey(String folder, ArchiveLayout.ArchiveSuffix suffix) {
        return folder + "timeline.jsonl" + suffix.text();
    }

    /** The span an object key of {@link #objectKey} names; empty for any other key (an older segment's object). */
    public static Optional<SegmentSpan> span(String databaseId, String objectKey) {
        String prefix = databasePrefix(databaseId);
        Matcher name = SPAN.matcher(objectKey);
        if (!objectKey.startsWith(prefix) || !name.matches()) {
            return Optional.empty();
        }
        Lsn from = new Lsn(Long.parseUnsignedLong(name.group(1), 16));
        Lsn to = new Lsn(Long.parseUnsignedLong(name.group(2), 16));
        return Optional.of(new SegmentSpan(databaseId, name.group(1) + "-" + name.group(2), from, to,
                new Lsn(Long.parseUnsignedLong(name.group(3), 16)),
                Instant.ofEpochSecond(Long.parseLong(name.group(4)), Long.parseLong(name.group(5))),
                Instant.ofEpochSecond(Long.parseLong(name.group(6)), Long.parseLong(name.group(7)))));
    }

    private static String stamp(Instant moment) {
        return moment.getEpochSecond() + "." + String.format(Locale.ROOT, "%09d", moment.getNano());
    }

    public static String manifestKey(String folder) {
        return folder + ArchiveLayout.MANIFEST;
    }

    public static String gapsPrefix(String databaseId) {
        return databasePrefix(databaseId) + "gaps/";
    }

    public static String gapKey(String databaseId, Lsn foundAt, String table) {
        return gapsPrefix(databaseId) + foundAt.sortable() + "-" + (table == null ? "database" : table.replaceAll("[^A-Za-z0-9_.-]", "_")) + ".json";
    }

    /** Where the restore service leaves word of a restore in place, named by the database set aside. */
    public static String inPlaceRestoreKey(String databaseId, String asideDatabase) {
        return databasePrefix(databaseId) + "restored-in-place/" + asideDatabase.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
    }

    /** Where a listing of what starts at or after {@code from} begins (folders sort as positions; null: the start). */
    public static String startAfter(String databaseId, Lsn from) {
        return from.equals(Lsn.ZERO) ? null : databasePrefix(databaseId) + new Lsn(from.value() - 1).sortable() + "~";
    }

    /** Where the span index of a database lives ({@link ChangeArchive#index}). */
    public static String indexPrefix(String databaseId) {
        return databasePrefix(databaseId) + "index/";
    }

    /** One index object: the spans of the consecutive segments from {@code from} to {@code to}. */
    public static String indexKey(String databaseId, Lsn from, Lsn to) {
        return indexPrefix(databaseId) + from.sortable() + "-" + to.sortable() + ".json";
    }

    private static final Pattern INDEX_NAME = Pattern.compile("[0-9A-Fa-f]{16}-([0-9A-Fa-f]{16})\\.json");

    /** Where an index object's segments end; empty for a key under the index's prefix that is not one of its objects. */
    public static Optional<Lsn> indexEnd(String indexKey) {
        Matcher name = INDEX_NAME.matcher(indexKey.substring(indexKey.lastIndexOf('/') + 1));
        return name.matches() ? Optional.of(new Lsn(Long.parseUnsignedLong(name.group(1), 16))) : Optional.empty();
    }

    private static final Pattern SEGMENT_FOLDER = Pattern.compile("([0-9A-F]{16}-([0-9A-F]{16}))/.*");

    /** The folder of the segment a key of a database's archive lies in; empty for the records, gaps, index and the rest. */
    public static Optional<String> segmentFolderOf(String databaseId, String key) {
        Matcher folder = key.startsWith(databasePrefix(databaseId))
                ? SEGMENT_FOLDER.matcher(key.substring(databasePrefix(databaseId).length())) : null;
        return folder != null && folder.matches() ? Optional.of(folder(databaseId, folder.group(1))) : Optional.empty();
    }

    /**
     * Where the stored things a key of a database's archive belongs to end: a segment's (its folder's) or an index
     * object's; empty for the records, gaps and anything else.
     */
    public static Optional<Lsn> storedUpTo(String databaseId, String key) {
        if (key.startsWith(indexPrefix(databaseId))) {
            return indexEnd(key);
        }
        Matcher folder = key.startsWith(databasePrefix(databaseId))
                ? SEGMENT_FOLDER.matcher(key.substring(databasePrefix(databaseId).length())) : null;
        return folder != null && folder.matches() ? Optional.of(new Lsn(Long.parseUnsignedLong(folder.group(2), 16))) : Optional.empty();
    }

    /** Where retention records the position before which it deletes (or has deleted) every segment. */
    public static String retainedKey(String databaseId) {
        return databasePrefix(databaseId) + "retained-from.json";
    }

    /** Where the last measured replay rate of a database is kept ({@link ReplayRate}). */
    public static String replayRateKey(String databaseId) {
        return databasePrefix(databaseId) + "replay-rate.json";
    }

    public static String coverageKey(String databaseId) {
        return databasePrefix(databaseId) + "coverage.json";
    }

    public static boolean isManifest(String key) {
        return key.startsWith(ROOT) && key.endsWith("/" + ArchiveLayout.MANIFEST);
    }
}
