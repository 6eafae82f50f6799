package dev.lifeboat.restore.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One restore request as received; its restore id makes a repeated request a no-op. */
@Entity
@Table(name = "restore_request")
public class RestoreRequestRecord extends PanacheEntityBase {

    @Id
    @Column(name = "restore_id")
    public String restoreId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "source_kind", nullable = false)
    public String sourceKind;

    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "point_in_time")
    public Instant pointInTime;

    @Column(name = "target_kind", nullable = false)
    public String targetKind;

    @Column(name = "target_database")
    public String targetDatabase;

    @Column(name = "tables", nullable = false)
    public String[] tables;

    @Column(name = "safety_backup", nullable = false)
    public boolean safetyBackup;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** RECEIVED until the restore pipeline (issue: restore-service) takes it further. */
    @Column(name = "status", nullable = false)
    public String status;
}
