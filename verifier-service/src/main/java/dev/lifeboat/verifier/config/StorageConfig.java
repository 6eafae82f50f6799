package dev.lifeboat.verifier.config;

import dev.lifeboat.archive.bucket.BucketSettings;
import io.smallrye.config.ConfigMapping;

/** The bucket ({@code lifeboat.storage.*}): endpoint, region, bucket, path style and credentials, documented in {@link BucketSettings}. */
@ConfigMapping(prefix = "lifeboat.storage")
public interface StorageConfig extends BucketSettings {
}
