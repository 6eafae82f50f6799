package dev.lifeboat.archive.copy;

import dev.lifeboat.archive.bucket.BucketSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The second bucket, configured under {@code lifeboat.copy.*}: another endpoint, region or account that holds a copy of
 * every verified backup, with credentials of its own that nothing reading or writing the primary bucket uses. Without
 * {@link #bucket()} there is no second copy. The verifier writes it; a restore reads it when the primary's object is
 * missing, unreadable or fails its checksum.
 */
@ConfigMapping(prefix = "lifeboat.copy")
public interface CopySettings {

    /** The second bucket; absent (the default) means backups have no second copy. */
    Optional<String> bucket();

    /** Endpoint of its S3-compatible server; absent means AWS S3 itself. */
    Optional<URI> endpoint();

    /** Its region ({@code auto} for Cloudflare R2). */
    @WithDefault("us-east-1")
    String region();

    /** Path-style addressing, which most S3-compatible servers need. */
    @WithDefault("false")
    boolean pathStyle();

    /** Its own access key id; absent means the AWS default credentials chain. Never the primary bucket's. */
    Optional<String> accessKeyId();

    /** Its own secret access key, with {@link #accessKeyId()}. Never logged. */
    Optional<String> secretAccessKey();

    /** When the S3 SDK adds and checks checksums ({@link BucketSettings#checksums()}). */
    @WithDefault("when-supported")
    BucketSettings.Checksums checksums();

    /**
     * How long a copy is kept after its backup completed: the second bucket's own retention, typically longer than the
     * primary's. The newest copy of each database is kept whatever its age.
     */
    @WithDefault("P90D")
    Duration keep();

    /**
     * How long an upload to the second bucket may stay open before the verifier's hourly retention aborts it as abandoned
     * (its verifier died mid-copy, or the bucket did not take the abort): longer than the longest copy of a backup takes.
     */
    @WithDefault("P1D")
    Duration abandonedUploadsAfter();

    /** These settings as a bucket's, when a second bucket is configured. */
    default Optional<BucketSettings> asBucket() {
        return bucket().map(name -> new BucketSettings() {
            public Optional<URI> endpoint() { return CopySettings.this.endpoint(); }
            public String region() { return CopySettings.this.region(); }
            public String bucket() { return name; }
            public boolean pathStyle() { return CopySettings.this.pathStyle(); }
            public Optional<String> accessKeyId() { return CopySettings.this.accessKeyId(); }
            public Optional<String> secretAccessKey() { return CopySettings.this.secretAccessKey(); }
            public Checksums checksums() { return CopySettings.this.checksums(); }
        });
    }
}
