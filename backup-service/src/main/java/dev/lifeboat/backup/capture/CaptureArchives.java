package dev.lifeboat.backup.capture;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.backup.config.CaptureConfig;
import dev.lifeboat.backup.encryption.ArchiveKeys;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Clock;

/** The change archive in the backups' bucket: written zstd-compressed and sealed with the active key, as backups are. */
@ApplicationScoped
public class CaptureArchives {

    private final BucketObjects bucket;
    private final ArchiveKeys keys;
    private final CaptureConfig config;

    public CaptureArchives(BucketObjects bucket, ArchiveKeys keys, CaptureConfig config) {
        this.bucket = bucket;
        this.keys = keys;
        this.config = config;
    }

    /** For a capture: new segments are sealed with the key active now. */
    public ChangeArchive writing() throws SecretUnavailableException, IOException {
        return new ChangeArchive(bucket, Compression.ZSTD, config.compressionLevel(), keys.active(), Clock.systemUTC());
    }

    /** For reading manifests, gaps and coverage (each segment says how it was written). */
    public ChangeArchive reading() {
        return ChangeArchive.reading(bucket);
    }
}
