package dev.lifeboat.verifier.verification;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A completed backup waiting to be checked; its backup id makes a redelivered BackupCompleted a no-op. */
@Entity
@Table(name = "verification")
public class PendingVerification extends PanacheEntityBase {

    @Id
    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "sha256", nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** PENDING until the checks (issue: verifier-service) run. */
    @Column(name = "status", nullable = false)
    public String status;
}
