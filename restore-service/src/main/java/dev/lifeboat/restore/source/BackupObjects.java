package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.copy.SecondBucket;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.lifeboat.archive.bucket.ObjectStream;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A bucket as a restore reads it ({@link BucketObjects}, blocking: call on a worker thread), its failures as restore
 * failures: a missing object is BACKUP_MISSING, any other STORAGE_FAILED. The bean reads the primary bucket; its
 * {@link #copy()} reads the second bucket ({@link SecondBucket}), when one is configured.
 */
@ApplicationScoped
public class BackupObjects {

    /** The failures of the primary bucket after which the same backup is read from the second bucket's copy. */
    private static final Set<String> READ_THE_COPY_AFTER = Set.of("BACKUP_MISSING", "STORAGE_FAILED", "CHECKSUM", "ENCRYPTION_TAG",
            "BAD_MANIFEST", "NO_BACKUP");

    private final BucketObjects bucket;
    private final BackupObjects copy;
    private final boolean second;

    @Inject
    public BackupObjects(BucketObjects bucket, SecondBucket second) {
        this.bucket = bucket;
        this.copy = second.objects().map(BackupObjects::new).orElse(null);
        this.second = false;
    }

    private BackupObjects(BucketObjects copy) {
        this.bucket = copy;
        this.copy = null;
        this.second = true;
    }

    /**
     * The second bucket, when this reads the primary and a second bucket is configured, and the primary's failure is one
     * that the copy may not share (the object missing, unreadable or failing its checks; the bucket not answering).
     */
    public Optional<BackupObjects> copyAfter(RestoreFailure primaryFailure) {
        return READ_THE_COPY_AFTER.contains(primaryFailure.code()) ? Optional.ofNullable(copy) : Optional.empty();
    }

    /** The second bucket, when this reads the primary and a second bucket is configured. */
    Optional<BackupObjects> copy() {
        return Optional.ofNullable(copy);
    }

    /** True when this reads the second bucket. */
    public boolean isCopy() {
        return second;
    }

    /** The bucket's name, for messages. */
    public String bucketName() {
        return bucket.bucket();
    }

    /** The bucket's objects, for the staging of an archive from it. */
    BucketObjects bucket() {
        return bucket;
    }

    /** Keys of every {@code manifest.json} of one database. */
    public List<String> manifestKeys(String databaseId) throws RestoreFailure {
        try {
            return bucket.manifestKeys(databaseId);
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "STORAGE_FAILED", e.getMessage(), e);
        }
    }

    /** True when the backup is deleted here (its deletion marker beside its manifest) and not yet purged. */
    public boolean deleted(String databaseId, String backupId) throws RestoreFailure {
        try {
            return bucket.deletedManifestKeys(databaseId).stream()
                    .anyMatch(key -> ArchiveLayout.backupIdOf(key).filter(backupId::equals).isPresent());
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "STORAGE_FAILED", e.getMessage(), e);
        }
    }

    public String text(String key) throws RestoreFailure {
        try {
            return bucket.text(key);
        } catch (IOException e) {
            throw failure(RestoreStep.RESOLVE_SOURCE, "", e);
        }
    }

    /** The stored bytes of an archive, as a stream; the caller closes it (or aborts it, to stop early). */
    public ObjectStream open(String key, RestoreStep step) throws RestoreFailure {
        try {
            return bucket.open(key);
        } catch (IOException e) {
            throw failure(step, "the archive ", e);
        }
    }

    private static RestoreFailure failure(RestoreStep step, String what, IOException e) {
        return e instanceof MissingObjectException
                ? new RestoreFailure(step, "BACKUP_MISSING", what + e.getMessage())
                : new RestoreFailure(step, "STORAGE_FAILED", e.getMessage(), e);
    }
}
