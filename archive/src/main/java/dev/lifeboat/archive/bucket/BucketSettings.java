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

    /** Region of the bucket. */
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

    /** The settings of an S3-compatible server addressed path-style with a static key (S3Proxy, MinIO), outside configuration. */
    static BucketSettings pathStyle(String endpoint, String region, String bucket, String accessKeyId, String secretAccessKey) {
        return new BucketSettings() {
            public Optional<URI> endpoint() { return Optional.of(URI.create(endpoint)); }
            public String region() { return region; }
            public String bucket() { return bucket; }
            public boolean pathStyle() { return true; }
            public Optional<String> accessKeyId() { return Optional.of(accessKeyId); }
            public Optional<String> secretAccessKey() { return Optional.of(secretAccessKey); }
        };
    }
}
