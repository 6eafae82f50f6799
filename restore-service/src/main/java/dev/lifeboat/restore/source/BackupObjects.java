package dev.lifeboat.restore.source;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import java.io.IOException;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;
import dev.lifeboat.archive.bucket.ObjectStream;

import java.util.List;

/**
 * The bucket as a restore reads it ({@link BucketObjects}, blocking: call on a worker thread), its failures
 * as restore failures: a missing object is BACKUP_MISSING, any other STORAGE_FAILED.
 */
@ApplicationScoped
public class BackupObjects {

    private final BucketObjects bucket;

    public BackupObjects(BucketObjects bucket) {
        this.bucket = bucket;
    }

    /** Keys of every {@code manifest.json} of one database. */
    public List<String> manifestKeys(String databaseId) throws RestoreFailure {
        try {
            return bucket.manifestKeys(databaseId);
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
