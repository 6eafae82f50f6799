package dev.lifeboat.backup.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One completed backup in the catalog: every column comes from its {@code manifest.json}. */
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
}
