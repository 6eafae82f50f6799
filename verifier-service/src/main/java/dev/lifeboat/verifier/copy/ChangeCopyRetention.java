package dev.lifeboat.verifier.copy;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow.AlignedBackup;
import dev.lifeboat.changes.replay.WindowRetention;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A database's change archive in the second bucket, kept to what its backup copies can start from: the segments wholly
 * before the position of the aligned backup copy a restore to the cutoff (now less {@code lifeboat.copy.keep}) starts
 * from are retired from the copy, with the gaps found before it ({@link WindowRetention}; {@link ChangeArchive#retire}
 * records the copy's own {@code retained-from.json} first, so {@code ChangeArchiveCopy} does not copy them again). The
 * base is the newest aligned copy completed at or before the cutoff, else the oldest: only the manifests of the oldest
 * days are read, up to a day with an aligned copy completed after the cutoff; one missed would only keep more.
 */
final class ChangeCopyRetention {

    private ChangeCopyRetention() {
    }

    /**
     * @param manifestKeys the database's backup copies' manifest keys (those retention keeps)
     * @return how many segments it retired
     */
    static int sweep(BucketObjects copies, String databaseId, List<String> manifestKeys, Instant cutoff) throws IOException {
        ChangeArchive archive = ChangeArchive.reading(copies);
        List<SegmentManifest> segments = archive.segments(databaseId);
        if (segments.size() < 2) {
            return 0; // the newest segment always stays
        }
        WindowRetention plan = WindowRetention.plan(oldestAligned(copies, databaseId, manifestKeys, cutoff), segments,
                archive.gaps(databaseId), cutoff);
        for (Gap gap : plan.gaps()) {
            archive.delete(gap);
        }
        archive.retire(databaseId, plan.segments());
        return plan.segments().size();
    }

    /** The aligned copies of the oldest days, day by day, up to a day with one completed after the cutoff. */
    private static List<AlignedBackup> oldestAligned(BucketObjects copies, String databaseId, List<String> manifestKeys, Instant cutoff)
            throws IOException {
        Map<String, List<String>> byDay = new TreeMap<>();
        manifestKeys.forEach(key -> byDay.computeIfAbsent(ArchiveLayout.dayOf(key, databaseId), day -> new ArrayList<>()).add(key));
        List<AlignedBackup> aligned = new ArrayList<>();
        for (List<String> day : byDay.values()) {
            boolean afterCutoff = false;
            for (String key : day) {
                BackupManifest manifest = copies.manifest(key);
                if (manifest.streamLsn() != null) {
                    aligned.add(new AlignedBackup(manifest.backupId(), Lsn.parse(manifest.streamLsn()), manifest.completedAt()));
                    afterCutoff |= manifest.completedAt().isAfter(cutoff);
                }
            }
            if (afterCutoff) {
                break;
            }
        }
        return aligned;
    }
}
