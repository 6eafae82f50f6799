package dev.lifeboat.archive.bucket;

import dev.lifeboat.archive.ArchiveLayout;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import java.util.List;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import dev.lifeboat.archive.bucket.BucketSettings;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading what is in the bucket (blocking: call on a worker thread), for every service that reads it back:
 * the manifests of a database, a manifest, an archive as a stream; and small objects written beside the
 * backups (restore-test reports). A missing object is a {@link MissingObjectException}, any other failure
 * an {@link IOException} naming the object. (backup-service writes archives through its own multipart upload.)
 */
@ApplicationScoped
public class BucketObjects {

    private final S3Client s3;
    private final String bucket;

    public BucketObjects(S3Client s3, BucketSettings config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    /** Keys of every {@code manifest.json} of one database. */
    public List<String> manifestKeys(String databaseId) throws IOException {
        try {
            return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                            .prefix(ArchiveLayout.databasePrefix(databaseId)).build())
                    .contents().stream()
                    .map(S3Object::key)
                    .filter(ArchiveLayout::isManifest)
                    .toList();
        } catch (SdkException e) {
            throw new IOException("cannot list the backups of " + databaseId + ": " + e.getMessage(), e);
        }
    }

    /** The first {@code most} keys under {@code prefix}, in key order (one listing request). */
    public List<String> firstKeys(String prefix, int most) throws IOException {
        try {
            return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(most)).contents().stream().map(S3Object::key).toList();
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    /** Every key under {@code prefix}, in key order. */
    public List<String> keys(String prefix) throws IOException {
        return keys(prefix, null);
    }

    /** Every key under {@code prefix} that sorts after {@code startAfter} (null: all), in key order: S3 skips the rest. */
    public List<String> keys(String prefix, String startAfter) throws IOException {
        try {
            return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).startAfter(startAfter).build())
                    .contents().stream()
                    .map(S3Object::key)
                    .toList();
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    public BackupManifest manifest(String key) throws IOException {
        try {
            return ManifestJson.read(text(key));
        } catch (IllegalArgumentException e) {
            throw new IOException("s3://" + bucket + "/" + key + " is not a readable manifest: " + e.getMessage(), e);
        }
    }

    public String text(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(bucket, key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** The stored bytes of an object, as a stream; the caller closes it (or aborts it, to stop early). */
    public ResponseInputStream<GetObjectResponse> open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(bucket, key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stored bytes of an object of known size, read through {@code streams} ranged GETs side by side (one part of
     * 4 MiB each): for large archives, where one stream cannot keep the reader busy. The caller closes it.
     */
    public InputStream openInParallel(String key, long size, int streams) {
        return new ParallelDownload(this, key, size, streams);
    }

    /** Bytes {@code first} to {@code last} (inclusive) of an object. */
    byte[] range(String key, long first, long last) throws IOException {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + first + "-" + last)).asByteArray();
            if (bytes.length != last - first + 1) {
                throw new IOException("s3://" + bucket + "/" + key + " answered " + bytes.length + " bytes for bytes " + first + "-" + last);
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(bucket, key);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public void put(String key, String contentType, String body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public void put(String key, String contentType, byte[] body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Uploads a file's bytes (one request: up to the bucket's largest single upload, 5 GB on AWS S3). */
    public void put(String key, String contentType, java.nio.file.Path body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(body));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the object (nothing when there is none). */
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("cannot delete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public String bucket() {
        return bucket;
    }
}
