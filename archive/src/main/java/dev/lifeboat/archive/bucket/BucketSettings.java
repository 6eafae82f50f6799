package dev.lifeboat.archive.bucket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Optional;

/**
 * Where backups are stored: an S3-compatible bucket, configured under {@code lifeboat.storage.*} in every
 * service that reads or writes it (the defaults below are SmallRye Config's).
 */
@ConfigMapping(prefix = "lifeboat.storage")
public interface BucketSettings {

    /** Endpoint of an S3-compatible server (S3Proxy, MinIO, …); absent means AWS S3 itself. */
    Optional<URI> endpoint();

    /** Region of the bucket ({@code auto} for Cloudflare R2): any name, not checked against AWS's list. */
    @WithDefault("us-east-1")
    String region();

    /** Bucket that holds every backup and its manifest. */
    @WithDefault("lifeboat-backups")
    String bucket();

    /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
    @WithDefault("false")
    boolean pathStyle();

    /** Access key id; absent means the AWS default credentials chain (environment, profile, instance role). */
    Optional<String> accessKeyId();

    /** Secret access key, with {@link #accessKeyId()}. Never logged. */
    Optional<String> secretAccessKey();

    /**
     * When the S3 SDK adds checksums to requests and checks those of responses: {@code when-supported} (the SDK's
     * default), or {@code when-required} for Cloudflare R2 and other S3-compatible stores that refuse or mishandle the
     * SDK's default checksum headers.
     */
    @WithDefault("when-supported")
    Checksums checksums();

    /** The values of {@link #checksums()}, written {@code when-supported} and {@code when-required} in configuration. */
    enum Checksums {
        /** A checksum (CRC32) on every upload, and every response that carries one checked: the SDK's default. */
        WHEN_SUPPORTED,
        /** Checksums only on the operations that require one, and responses checked only where the request asked. */
        WHEN_REQUIRED
    }

    /** The settings of an S3-compatible server addressed path-style with a static key (S3Proxy, MinIO), outside configuration. */
    static BucketSettings pathStyle(String endpoint, String region, String bucket, String accessKeyId, String secretAccessKey) {
        return pathStyle(endpoint, region, bucket, accessKeyId, secretAccessKey, Checksums.WHEN_SUPPORTED);
    }

    /** {@link #pathStyle(String, String, String, String, String)} with the SDK's checksums as {@code checksums} says. */
    static BucketSettings pathStyle(String endpoint, String region, String bucket, String accessKeyId, String secretAccessKey,
                                    Checksums checksums) {
        return new BucketSettings() {
            public Optional<URI> endpoint() { return Optional.of(URI.create(endpoint)); }
            public String region() { return region; }
            public String bucket() { return bucket; }
            public boolean pathStyle() { return true; }
            public Optional<String> accessKeyId() { return Optional.of(accessKeyId); }
            public Optional<String> secretAccessKey() { return Optional.of(secretAccessKey); }
            public Checksums checksums() { return checksums; }
        };
    }
}
