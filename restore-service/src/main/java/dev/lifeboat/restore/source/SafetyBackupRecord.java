package dev.lifeboat.restore.source;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** How a PRE_RESTORE safety backup ended, as the backup service reported it on {@code lifeboat.backup.events}. */
@Entity
@Table(name = "safety_backup")
public class SafetyBackupRecord extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public String requestId;

    /** COMPLETED or FAILED. */
    @Column(name = "outcome", nullable = false)
    public String outcome;

    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "message")
    public String message;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
