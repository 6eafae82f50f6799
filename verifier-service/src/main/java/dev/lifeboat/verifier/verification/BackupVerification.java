package dev.lifeboat.verifier.verification;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One completed backup and what its verification found; its backup id makes a redelivered
 * {@code BackupCompleted} a no-op. Status: PENDING, PASSED, FAILED, or GONE (expired or deleted).
 */
@Entity
@Table(name = "verification")
public class BackupVerification extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String PASSED = "PASSED";
    public static final String FAILED = "FAILED";
    public static final String GONE = "GONE";

    @Id
    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "manifest_key", nullable = false)
    public String manifestKey;

    @Column(name = "sha256", nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    /** When the backup completed (its manifest's time): what its age, and so the RPO, is measured from. */
    @Column(name = "completed_at", nullable = false)
    public Instant completedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "status", nullable = false)
    public String status;

    /** The check that decided the status (ARCHIVE when all passed, else the one that failed). */
    @Column(name = "check_name")
    public String check;

    @Column(name = "details")
    public String details;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** When the stored bytes were last read back (verification or scrub). */
    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    /** Attempts that could not read the bucket; the next one waits longer (the consumer retry policy's back-off). */
    @Column(name = "attempts", nullable = false)
    public int attempts;

    /** A PENDING verification is not claimed before this time (null: at once). */
    @Column(name = "retry_at")
    public Instant retryAt;

    /** When its copy in the second bucket was made (null: not copied, or no second bucket). */
    @Column(name = "copied_at")
    public Instant copiedAt;

    /** Why the last try to copy it to the second bucket failed (null when none failed since the last copy). */
    @Column(name = "copy_failure")
    public String copyFailure;
}
