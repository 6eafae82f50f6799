package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.copy.BackupCopy;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a database's change archive to the second bucket (blocking), in the order that keeps the copy readable at every
 * step: the records that change in place (the replay rate, how far the archive is complete) are read first, before the
 * listing, so they never claim more than the segments listed; then what the second bucket lacks: each segment's objects,
 * then the segments' manifests (a segment is there when its manifest is), then the gaps and the span index (which name
 * only segments already there); the records read first are written last. The copy keeps its own retention: the
 * primary's deletions and its record of where its kept segments begin are not copied, and what the copy's retention
 * retired ({@link ChangeArchive#retire} on the second bucket, its own {@code retained-from.json}) is not copied again.
 */
public final class ChangeArchiveCopy {

    private ChangeArchiveCopy() {
    }

    /** @return the objects copied */
    public static int copy(String databaseId, BucketObjects from, BucketObjects to, BucketUploads toUploads) throws IOException {
        String prefix = ChangeArchiveLayout.databasePrefix(databaseId);
        Map<String, String> records = new LinkedHashMap<>();
        for (String key : List.of(ChangeArchiveLayout.replayRateKey(databaseId), ChangeArchiveLayout.coverageKey(databaseId))) {
            try {
                records.put(key, from.text(key));
            } catch (MissingObjectException none) {
                // not written yet
            }
        }
        Lsn retired = new SpanIndex(to, SpanIndex.INDEXED_TOGETHER).retainedFrom(databaseId);
        Set<String> there = new HashSet<>(to.keys(prefix));
        List<String> wanted = from.keys(prefix).stream()
                .filter(key -> !there.contains(key) && !records.containsKey(key) && !key.equals(ChangeArchiveLayout.retainedKey(databaseId)))
                .filter(key -> ChangeArchiveLayout.storedUpTo(databaseId, key).map(end -> end.after(retired)).orElse(true))
                .sorted(Comparator.comparing((String key) -> order(databaseId, key)).thenComparing(Comparator.naturalOrder()))
                .toList();
        for (String key : wanted) {
            BackupCopy.copyObject(key, from, toUploads);
        }
        for (Map.Entry<String, String> record : records.entrySet()) {
            to.put(record.getKey(), "application/json", record.getValue());
        }
        return wanted.size() + records.size();
    }

    /** Segments' objects first, then their manifests, then what names segments (gaps, the span index, restores in place). */
    private static int order(String databaseId, String key) {
        if (ChangeArchiveLayout.isManifest(key)) {
            return 1;
        }
        boolean namesSegments = key.startsWith(ChangeArchiveLayout.indexPrefix(databaseId)) || key.startsWith(ChangeArchiveLayout.gapsPrefix(databaseId))
                || !key.substring(ChangeArchiveLayout.databasePrefix(databaseId).length()).matches("[0-9A-F]{16}-[0-9A-F]{16}/.*");
        return namesSegments ? 2 : 0;
    }
}
