package dev.lifeboat.backup.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupTrigger;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/**
 * One completed backup in the catalog: every column comes from its {@code manifest.json} but three, what the verifier
 * found of it and whether its removal has begun.
 */
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

    /** A purge's claim on a deleted backup's {@link #purgeAfter}: due long ago, and never undeletable. */
    static final Instant PURGING = Instant.EPOCH;

    /** Until when a deleted backup is kept, objects and entry, and can be undeleted; null while it is not deleted. */
    @Column(name = "purge_after")
    public Instant purgeAfter;

    /** Who deleted it (a person, or {@code retention}); null while it is not deleted. */
    @Column(name = "deleted_by")
    public String deletedBy;

    /** Why: a delete call, or the policy that expired it; null while it is not deleted. */
    @Column(name = "deletion_reason")
    public String deletionReason;

    /**
     * Who purges it ({@code retention}, or an admin), written with the purge's claim, so that a purge cut short is finished in
     * that name; null while no purge has claimed it.
     */
    @Column(name = "purged_by")
    public String purgedBy;

    /**
     * The admin who asked to purge it now, a database's last verified backup, awaiting a second admin; null while none did.
     * Once a purge has claimed it: the first admin whose request that purge approved, or null.
     */
    @Column(name = "purge_requested_by")
    public String purgeRequestedBy;

    /** When {@link #purgeRequestedBy} asked. */
    @Column(name = "purge_requested_at")
    public Instant purgeRequestedAt;

    /** When the verifier read its archive back whole ({@code VerificationPassed ARCHIVE}); null until then. */
    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** When the verifier copied it to the second bucket ({@code VerificationPassed SECOND_COPY}); null when it has no copy. */
    @Column(name = "copied_at")
    public Instant copiedAt;

    /** When a check of it failed ({@code VerificationFailed CHECKSUM, ARCHIVE or RESTORE_TEST}); cleared when it passes again. */
    @Column(name = "verification_failed_at")
    public Instant verificationFailedAt;

    /**
     * Whether it is a good backup of its database: verified, never failed a check, and its own (taken on its schedule or on
     * request, not the safety backup of a restore, which holds the state that restore replaced).
     */
    public boolean good() {
        return verifiedAt != null && verificationFailedAt == null && !BackupTrigger.PRE_RESTORE.name().equals(trigger);
    }

    /** Whether it is deleted (kept until it is purged, or being purged). */
    public boolean deleted() {
        return purgeAfter != null;
    }

    /** Whether its purge has begun: it can no longer be undeleted. */
    public boolean purging() {
        return purgeAfter != null && !purgeAfter.isAfter(PURGING);
    }

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
