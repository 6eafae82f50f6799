package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.copy.BackupCopy;
import dev.lifeboat.archive.upload.BucketUploads;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies a database's change archive to the second bucket (blocking): every object the second bucket lacks, each segment's
 * manifest after its objects (a segment is there when its manifest is), and the archive's own records that change in
 * place (where the kept segments begin, the replay rate, how far the archive is complete) again each time. Nothing is
 * deleted from the copy when the primary deletes it: segments retention retired, or lost, stay there; the copied
 * {@code retained-from} record tells its readers where the window begins, as the primary's does.
 */
public final class ChangeArchiveCopy {

    private ChangeArchiveCopy() {
    }

    /** @return the objects copied */
    public static int copy(String databaseId, BucketObjects from, BucketObjects to, BucketUploads toUploads) throws IOException {
        String prefix = ChangeArchiveLayout.databasePrefix(databaseId);
        Set<String> there = new HashSet<>(to.keys(prefix));
        Set<String> changing = Set.of(ChangeArchiveLayout.retainedKey(databaseId), ChangeArchiveLayout.replayRateKey(databaseId),
                ChangeArchiveLayout.coverageKey(databaseId));
        List<String> wanted = from.keys(prefix).stream()
                .filter(key -> !there.contains(key) || changing.contains(key))
                .sorted(Comparator.comparing(ChangeArchiveLayout::isManifest).thenComparing(Comparator.naturalOrder()))
                .toList();
        for (String key : wanted) {
            BackupCopy.copyObject(key, from, toUploads);
        }
        return wanted.size();
    }
}
