package dev.lifeboat.restore.source;

import dev.lifeboat.restore.step.RestoreFailure;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Optional;

/**
 * A backup's archive read from the bucket a restore reads, and, when the primary's fails (missing, unreadable, failing
 * its checksum or encryption tags) and a second bucket is configured, from the second bucket's copy instead: the one way
 * both engines' restores fall back while they read the archive (PostgreSQL's PG_RESTORE, D1's staging).
 */
public final class ArchiveOrCopy {

    private static final Logger LOG = Logger.getLogger(ArchiveOrCopy.class);

    private ArchiveOrCopy() {
    }

    /** What is read from one bucket. */
    @FunctionalInterface
    public interface Read<T> {
        T from(BackupObjects bucket) throws RestoreFailure, IOException;
    }

    /** What was read, and why from the second bucket's copy (null: from the bucket the restore read). */
    public record FromBucket<T>(T value, String copyBecause) {
    }

    /** What the restore does before it reads the copy: undo what the primary's read left, record why it reads the copy. */
    @FunctionalInterface
    public interface ToCopy {
        void switchTo(BackupObjects copy, String because) throws RestoreFailure, IOException;
    }

    /**
     * @return what {@code read} gave from {@code from}, or from the copy after the primary's failed, and why
     * @throws RestoreFailure the primary's failure (with the copy's answer, when it was read too)
     */
    public static <T> FromBucket<T> read(String restoreId, String backupId, BackupObjects from, Read<T> read, ToCopy toCopy)
            throws RestoreFailure, IOException {
        try {
            return new FromBucket<>(read.from(from), null);
        } catch (RestoreFailure primary) {
            Optional<BackupObjects> copy = from.copyAfter(primary);
            if (copy.isEmpty()) {
                throw primary;
            }
            LOG.warnf("Restore %s: the primary bucket's archive of backup %s failed (%s: %s); reading the second bucket's copy",
                    restoreId, backupId, primary.code(), primary.getMessage());
            String because = primary.asReasonToReadTheCopy();
            toCopy.switchTo(copy.get(), because);
            try {
                return new FromBucket<>(read.from(copy.get()), because);
            } catch (RestoreFailure second) {
                throw primary.withCopyAnswer(second);
            }
        }
    }
}
