package dev.lifeboat.backup.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import dev.lifeboat.archive.BackupManifest;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/** One completed backup in the catalog: every column but {@code removalStartedAt} comes from its {@code manifest.json}. */
@Entity
@Table(name = "backup")
public class BackupEntry extends PanacheEntityBase {

    @Id
    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "request_id", nullable = false)
    public String requestId;

    @Column(nullable = false)
    public String trigger;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "manifest_key", nullable = false)
    public String manifestKey;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public String compression;

    @Column(nullable = false)
    public boolean encrypted;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "server_version", nullable = false)
    public String serverVersion;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "completed_at", nullable = false)
    public Instant completedAt;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    /** The manifest exactly as stored in the bucket. */
    @Column(nullable = false)
    public String manifest;

    /** When a removal of it (a delete call or retention) was claimed ({@link BackupRemoval}); null while none is. */
    @Column(name = "removal_started_at")
    public Instant removalStartedAt;

    /** The catalog row a manifest describes. */
    public static BackupEntry of(BackupManifest manifest, String manifestKey, String manifestText) {
        BackupEntry entry = new BackupEntry();
        entry.backupId = manifest.backupId();
        entry.databaseId = manifest.databaseId();
        entry.requestId = manifest.requestId();
        entry.trigger = manifest.trigger().name();
        entry.objectKey = manifest.archiveKey();
        entry.manifestKey = manifestKey;
        entry.sizeBytes = manifest.sizeBytes();
        entry.sha256 = manifest.sha256();
        entry.compression = manifest.compression().name();
        entry.encrypted = manifest.encrypted();
        entry.keyId = manifest.encrypted() ? manifest.encryption().keyId() : null;
        entry.serverVersion = manifest.serverVersion();
        entry.startedAt = manifest.startedAt();
        entry.completedAt = manifest.completedAt();
        entry.durationMs = Duration.between(manifest.startedAt(), manifest.completedAt()).toMillis();
        entry.manifest = manifestText;
        return entry;
    }
}
