package dev.lifeboat.restore.storage;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.restore.job.RestoreFailure;
import dev.lifeboat.restore.job.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads backups from the bucket (blocking: call on a worker thread). */
@ApplicationScoped
public class BackupObjects {

    private final S3Client s3;
    private final String bucket;

    public BackupObjects(S3Client s3, BucketSettings config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    /** Keys of every {@code manifest.json} of one database. */
    public List<String> manifestKeys(String databaseId) throws RestoreFailure {
        try {
            return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                            .prefix(ArchiveLayout.databasePrefix(databaseId)).build())
                    .contents().stream()
                    .map(S3Object::key)
                    .filter(ArchiveLayout::isManifest)
                    .toList();
        } catch (SdkException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "STORAGE_FAILED", "cannot list the backups of " + databaseId + ": " + e.getMessage(), e);
        }
    }

    public String text(String key) throws RestoreFailure {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "BACKUP_MISSING", "s3://" + bucket + "/" + key + " does not exist");
        } catch (SdkException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "STORAGE_FAILED", "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** The stored bytes of an archive, as a stream; the caller closes it (or aborts it, to stop early). */
    public ResponseInputStream<GetObjectResponse> open(String key, RestoreStep step) throws RestoreFailure {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new RestoreFailure(step, "BACKUP_MISSING", "the archive s3://" + bucket + "/" + key + " does not exist");
        } catch (SdkException e) {
            throw new RestoreFailure(step, "STORAGE_FAILED", "cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
