package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.copy.BackupCopy;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Copies a database's change archive to the second bucket (blocking), in the order that keeps the copy readable at every
 * step: the records that change in place (the replay rate, how far the archive is complete) are read first, before the
 * listing, so they never claim more than the segments listed; then, segment by segment in the stream's order, what the
 * second bucket lacks of it: the objects its manifest names, each streamed through the size and SHA-256 the manifest
 * gives (a damaged or missing one is never passed over), then the manifest (a segment is there when its manifest is);
 * then the gaps and the span index, but an index object naming a segment past the last the copy holds (one stored while
 * the archive was listed) waits for the next copy; the records read first are written last. A segment whose manifest the primary does
 * not hold yet waits for the next copy. A segment whose objects fail their check stops the copy there: nothing after it,
 * nor any record, is copied, so the copy never holds a hole in the stream; it is tried again at the next copy. The copy
 * keeps its own retention: the primary's deletions and its record of where its kept segments begin are not copied, and
 * what the copy's retention retired ({@link ChangeArchive#retire} on the second bucket, its own {@code retained-from.json})
 * is not copied again. Both buckets are listed only from where the copy's span index ends: the copy holds every segment
 * its index names (an index object is copied once the copy holds its segments), so a copy every minute lists the
 * segments stored since, not the whole archive (on S3Proxy a page of 1,000 keys takes about 1.5 s). An object deleted
 * from an indexed segment of the copy by other means is therefore not copied again: a restore reading the copy finds it
 * missing and says so, as it does for any damage.
 */
public final class ChangeArchiveCopy {

    private ChangeArchiveCopy() {
    }

    /**
     * @return the objects copied
     * @throws ArchiveIntegrityException a segment of the primary is damaged: what comes before it is copied, nothing after
     */
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
        SpanIndex copyIndex = new SpanIndex(to, SpanIndex.INDEXED_TOGETHER);
        Lsn retired = copyIndex.retainedFrom(databaseId);
        // the copy holds every segment its index names (an index object is copied after its segments): both buckets are
        // listed from where that index ends, not whole, each minute
        Lsn indexed = copyIndex.end(databaseId);
        String startAfter = ChangeArchiveLayout.startAfter(databaseId, indexed);
        Set<String> there = new HashSet<>(to.keys(prefix, startAfter));
        List<String> wanted = from.keys(prefix, startAfter).stream()
                .filter(key -> !there.contains(key) && !records.containsKey(key) && !key.equals(ChangeArchiveLayout.retainedKey(databaseId)))
                .filter(key -> ChangeArchiveLayout.storedUpTo(databaseId, key).map(end -> end.after(retired)).orElse(true))
                .sorted()
                .toList();
        Map<String, List<String>> segments = new TreeMap<>();
        List<String> naming = new ArrayList<>();
        for (String key : wanted) {
            ChangeArchiveLayout.segmentFolderOf(databaseId, key).ifPresentOrElse(
                    folder -> segments.computeIfAbsent(folder, f -> new ArrayList<>()).add(key), () -> naming.add(key));
        }
        Lsn reached = there.stream().filter(ChangeArchiveLayout::isManifest)
                .flatMap(key -> ChangeArchiveLayout.storedUpTo(databaseId, key).stream()).max(Comparator.naturalOrder())
                .orElse(indexed.equals(Lsn.ZERO) ? null : indexed);
        int copied = 0;
        for (Map.Entry<String, List<String>> segment : segments.entrySet()) {
            int objects = copySegment(segment.getKey(), segment.getValue(), there, from, to, toUploads);
            if (objects > 0) {
                copied += objects;
                Lsn end = ChangeArchiveLayout.storedUpTo(databaseId, segment.getValue().get(0)).orElseThrow();
                reached = reached == null || end.after(reached) ? end : reached;
            }
        }
        for (String key : naming) {
            Lsn end = reached;
            boolean namesLater = ChangeArchiveLayout.storedUpTo(databaseId, key).map(upTo -> end == null || upTo.after(end)).orElse(false);
            if (!namesLater) { // an index object that names a segment the copy lacks yet (stored while listing) waits
                BackupCopy.copyObject(key, from, toUploads);
                copied++;
            }
        }
        for (Map.Entry<String, String> record : records.entrySet()) {
            to.put(record.getKey(), "application/json", record.getValue());
        }
        return copied + records.size();
    }

    /**
     * What the second bucket lacks of one segment: the objects its manifest names, checked against it (whether the
     * listing showed them or not), then the rest listed, then the manifest. @return the objects copied (0: the primary
     * holds no manifest of it yet)
     */
    private static int copySegment(String folder, List<String> listed, Set<String> there, BucketObjects from, BucketObjects to,
                                   BucketUploads toUploads) throws IOException {
        String manifestKey = ChangeArchiveLayout.manifestKey(folder);
        String manifestText;
        try {
            manifestText = from.text(manifestKey);
        } catch (MissingObjectException notYet) {
            return 0; // still being stored (its objects come before its manifest), or being retired: the next copy sees
        }
        SegmentManifest manifest;
        try {
            manifest = SegmentJson.manifest(manifestText);
        } catch (IllegalArgumentException e) {
            throw damaged(manifestKey, "is not a readable segment manifest (" + e.getMessage() + ")");
        }
        Map<String, ArchiveReader.Sealed> named = new LinkedHashMap<>();
        named.put(manifest.objectKey(), manifest.sealed());
        if (manifest.timeline() != null) {
            named.put(manifest.timeline().objectKey(), SegmentTimeline.sealed(manifest));
        }
        int copied = 0;
        for (Map.Entry<String, ArchiveReader.Sealed> object : named.entrySet()) {
            if (there.contains(object.getKey())) {
                continue;
            }
            try {
                BackupCopy.copyChecked(object.getKey(), object.getValue(), from, toUploads);
            } catch (MissingObjectException e) {
                if (from.keys(manifestKey).isEmpty()) {
                    return copied; // the primary's retention took it meanwhile (its manifest first): not damage, and not copied
                }
                throw damaged(object.getKey(), "is missing, though the manifest of segment " + manifest.segmentId() + " names it");
            } catch (ArchiveIntegrityException e) {
                throw damaged(object.getKey(), "is damaged: " + e.getMessage());
            }
            copied++;
        }
        for (String key : listed) {
            if (!key.equals(manifestKey) && !named.containsKey(key)) {
                BackupCopy.copyObject(key, from, toUploads);
                copied++;
            }
        }
        if (!there.contains(manifestKey)) {
            to.put(manifestKey, "application/json", manifestText); // the very manifest checked against
            copied++;
        }
        return copied;
    }

    private static ArchiveIntegrityException damaged(String key, String what) {
        return new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM, key + " of the primary's change archive " + what
                + ": neither its segment nor anything after it is copied to the second bucket");
    }
}
