package dev.lifeboat.archive.bucket;

import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.ManifestJson;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bucket's objects (blocking: call on a worker thread), for every service: listing, reading (a manifest, an archive
 * as a stream or by ranges in parallel), writing small objects, deleting a backup's folder, and whether the bucket
 * answers. Archives are written through {@link dev.lifeboat.archive.upload.BucketUploads}. A missing object is a
 * {@link MissingObjectException}, any other failure a {@link BucketException} naming the object. No other module talks
 * to the S3 SDK.
 */
@ApplicationScoped
public class BucketObjects {

    private final S3Client s3;
    private final String bucket;

    public BucketObjects(S3Client s3, BucketSettings config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    /** Keys of every {@code manifest.json} of one database, but those of deleted backups (a {@link ArchiveLayout#DELETED} beside). */
    public List<String> manifestKeys(String databaseId) throws IOException {
        return manifests(ArchiveLayout.databasePrefix(databaseId)).live();
    }

    /** Keys of the {@code manifest.json} of one database's deleted backups (a deletion marker beside), not yet purged. */
    public List<String> deletedManifestKeys(String databaseId) throws IOException {
        return manifests(ArchiveLayout.databasePrefix(databaseId)).deleted();
    }

    /** The first {@code most} keys under {@code prefix}, in key order (one listing request). */
    public List<String> firstKeys(String prefix, int most) throws IOException {
        try {
            return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(most)).contents().stream().map(S3Object::key).toList();
        } catch (SdkException e) {
            throw new BucketException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
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
            throw new BucketException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
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
            throw new BucketException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** The stored bytes of an object, as a stream; the caller closes it (or aborts it, to stop early). */
    public ObjectStream open(String key) throws IOException {
        try {
            return new ObjectStream(s3.getObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(bucket, key);
        } catch (SdkException e) {
            throw new BucketException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
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
            throw new BucketException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public void put(String key, String contentType, String body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw new BucketException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public void put(String key, String contentType, byte[] body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new BucketException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Uploads a file's bytes (one request: up to the bucket's largest single upload, 5 GB on AWS S3). */
    public void put(String key, String contentType, java.nio.file.Path body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(body));
        } catch (SdkException e) {
            throw new BucketException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Every manifest key of every database, under {@value ArchiveLayout#ROOT}, but those of deleted backups. */
    public List<String> allManifestKeys() throws IOException {
        return manifests(ArchiveLayout.ROOT).live();
    }

    /** The manifest keys of every backup, kept and deleted (not yet purged), from one listing: what a catalog rebuild reads. */
    public Manifests allManifests() throws IOException {
        return manifests(ArchiveLayout.ROOT);
    }

    /** Manifest keys from one listing: of the backups kept, and of those deleted and not yet purged (a marker beside). */
    public record Manifests(List<String> live, List<String> deleted) {
    }

    private Manifests manifests(String prefix) throws IOException {
        List<String> keys = keys(prefix);
        Set<String> deletedFolders = keys.stream().filter(key -> key.endsWith("/" + ArchiveLayout.DELETED)).map(ArchiveLayout::folderOf)
                .collect(Collectors.toSet());
        Map<Boolean, List<String>> byDeleted = keys.stream().filter(ArchiveLayout::isManifest)
                .collect(Collectors.partitioningBy(key -> deletedFolders.contains(ArchiveLayout.folderOf(key))));
        return new Manifests(byDeleted.get(false), byDeleted.get(true));
    }

    /**
     * Deletes every object of one backup folder, the manifest first, so a half-finished removal is never rebuilt into
     * the catalog.
     */
    public void deleteFolder(String folder) throws IOException {
        List<String> keys = new ArrayList<>(keys(folder));
        keys.sort(Comparator.comparing(key -> !key.endsWith(ArchiveLayout.MANIFEST)));
        for (String key : keys) {
            delete(key);
        }
    }

    /**
     * Returns when the bucket answers (it exists and these credentials may use it) within {@code within}; otherwise says
     * what the SDK said (its exception's name and message).
     */
    public void reachable(Duration within) throws BucketException {
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(c -> c.apiCallTimeout(within)));
        } catch (SdkException e) {
            throw new BucketException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the object (nothing when there is none). */
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new BucketException("cannot delete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public String bucket() {
        return bucket;
    }
}
