package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.copy.BackupCopy;
import dev.lifeboat.archive.upload.BucketUploads;
import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies a database's change archive to the second bucket (blocking), in the order that keeps the copy readable at every
 * step: the records that change in place (the replay rate, how far the archive is complete) are read first, before the
 * listing, so they never claim more than the segments listed; then, segment by segment in the stream's order, what the
 * second bucket lacks of it: its objects, each streamed through the size and SHA-256 its manifest gives (a damaged one
 * is never copied), then its manifest (a segment is there when its manifest is); then the gaps and the span index (which
 * name only segments already there); the records read first are written last. A segment whose manifest the primary does
 * not hold yet waits for the next copy. A segment whose objects fail their check stops the copy there: nothing after it,
 * nor any record, is copied, so the copy never holds a hole in the stream; it is tried again at the next copy. The copy
 * keeps its own retention: the primary's deletions and its record of where its kept segments begin are not copied, and
 * what the copy's retention retired ({@link ChangeArchive#retire} on the second bucket, its own {@code retained-from.json})
 * is not copied again.
 */
public final class ChangeArchiveCopy {

    private static final Pattern SEGMENT_FOLDER = Pattern.compile("([0-9A-F]{16}-[0-9A-F]{16})/.*");

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
        Lsn retired = new SpanIndex(to, SpanIndex.INDEXED_TOGETHER).retainedFrom(databaseId);
        Set<String> there = new HashSet<>(to.keys(prefix));
        List<String> wanted = from.keys(prefix).stream()
                .filter(key -> !there.contains(key) && !records.containsKey(key) && !key.equals(ChangeArchiveLayout.retainedKey(databaseId)))
                .filter(key -> ChangeArchiveLayout.storedUpTo(databaseId, key).map(end -> end.after(retired)).orElse(true))
                .sorted()
                .toList();
        Map<String, List<String>> segments = new TreeMap<>();
        List<String> naming = new ArrayList<>();
        for (String key : wanted) {
            Matcher folder = SEGMENT_FOLDER.matcher(key.substring(prefix.length()));
            if (folder.matches()) {
                segments.computeIfAbsent(ChangeArchiveLayout.folder(databaseId, folder.group(1)), f -> new ArrayList<>()).add(key);
            } else {
                naming.add(key);
            }
        }
        int copied = 0;
        for (Map.Entry<String, List<String>> segment : segments.entrySet()) {
            copied += copySegment(segment.getKey(), segment.getValue(), from, to, toUploads);
        }
        for (String key : naming) {
            BackupCopy.copyObject(key, from, toUploads);
        }
        for (Map.Entry<String, String> record : records.entrySet()) {
            to.put(record.getKey(), "application/json", record.getValue());
        }
        return copied + naming.size() + records.size();
    }

    /** What the second bucket lacks of one segment, its objects checked against its manifest, the manifest last. */
    private static int copySegment(String folder, List<String> keys, BucketObjects from, BucketObjects to, BucketUploads toUploads)
            throws IOException {
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
            throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM, manifestKey + " of the primary is not a "
                    + "readable segment manifest (" + e.getMessage() + "): neither its segment nor anything after it is copied");
        }
        for (String key : keys) {
            if (key.equals(manifestKey)) {
                continue;
            }
            try {
                if (key.equals(manifest.objectKey())) {
                    BackupCopy.copyChecked(key, manifest.sealed(), from, toUploads);
                } else if (manifest.timeline() != null && key.equals(manifest.timeline().objectKey())) {
                    BackupCopy.copyChecked(key, SegmentTimeline.sealed(manifest), from, toUploads);
                } else {
                    BackupCopy.copyObject(key, from, toUploads);
                }
            } catch (ArchiveIntegrityException e) {
                throw new ArchiveIntegrityException(e.check(), "segment " + manifest.segmentId() + " of the primary's change archive of "
                        + manifest.databaseId() + " is damaged (" + key + ": " + e.getMessage() + "): neither it nor anything after it "
                        + "is copied to the second bucket");
            }
        }
        if (keys.contains(manifestKey)) {
            to.put(manifestKey, "application/json", manifestText); // the very manifest checked against
        }
        return keys.size();
    }
}
