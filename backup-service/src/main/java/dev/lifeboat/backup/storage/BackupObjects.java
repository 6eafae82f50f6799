package dev.lifeboat.backup.storage;

import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.archive.bucket.BucketSettings;
import dev.lifeboat.archive.ArchiveLayout;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The backups' objects in the bucket. Every method blocks: call them on worker threads. */
@ApplicationScoped
public class BackupObjects {

    private final S3Client s3;
    private final String bucket;
    private final BackupConfig config;
    private final ExecutorService partUploads;

    public BackupObjects(S3Client s3, BucketSettings storage, BackupConfig config) {
        this.s3 = s3;
        this.bucket = storage.bucket();
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.partUploads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "backup-part-upload-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        partUploads.shutdownNow();
    }

    /** An upload of {@code key} (multipart once it outgrows one part); the caller completes it or aborts it. */
    public MultipartUploadStream upload(String key) {
        return new MultipartUploadStream(s3, bucket, key, config.partSizeBytes(), config.uploadsInFlight(), partUploads);
    }

    public void putText(String key, String text) throws StorageException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json").build(),
                    RequestBody.fromString(text, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw new StorageException("cannot write " + key + ": " + e.getMessage(), e);
        }
    }

    public String getText(String key) throws StorageException {
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asUtf8String();
        } catch (SdkException e) {
            throw new StorageException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    /** Every manifest key under {@code backups/}. */
    public List<String> manifestKeys() throws StorageException {
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(ArchiveLayout.ROOT).build()).contents()) {
                if (ArchiveLayout.isManifest(object.key())) {
                    keys.add(object.key());
                }
            }
        } catch (SdkException e) {
            throw new StorageException("cannot list " + bucket + "/" + ArchiveLayout.ROOT + ": " + e.getMessage(), e);
        }
        return keys;
    }

    /**
     * Deletes every object of one backup folder, the manifest first, so a half-finished removal is never
     * rebuilt into the catalog.
     */
    public void deleteFolder(String folder) throws StorageException {
        try {
            List<ObjectIdentifier> objects = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(folder).build()).contents()) {
                objects.add(ObjectIdentifier.builder().key(object.key()).build());
            }
            objects.sort((a, b) -> Boolean.compare(!a.key().endsWith(ArchiveLayout.MANIFEST), !b.key().endsWith(ArchiveLayout.MANIFEST)));
            for (ObjectIdentifier object : objects) {
                s3.deleteObject(builder -> builder.bucket(bucket).key(object.key()));
            }
        } catch (SdkException e) {
            throw new StorageException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Multipart uploads under {@code backups/} that were started and neither completed nor aborted. */
    public List<MultipartUpload> openUploads() throws StorageException {
        try {
            return s3.listMultipartUploadsPaginator(ListMultipartUploadsRequest.builder().bucket(bucket).prefix(ArchiveLayout.ROOT).build())
                    .uploads().stream().toList();
        } catch (SdkException e) {
            throw new StorageException("cannot list the open uploads of " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return false when the upload was already gone: another replica's sweep, or the backup itself, ended it first
     */
    public boolean abortUpload(MultipartUpload upload) throws StorageException {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(upload.key()).uploadId(upload.uploadId()).build());
            return true;
        } catch (NoSuchUploadException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new StorageException("cannot abort the upload of " + upload.key() + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new StorageException("cannot abort the upload of " + upload.key() + ": " + e.getMessage(), e);
        }
    }

    public String bucket() {
        return bucket;
    }
}
