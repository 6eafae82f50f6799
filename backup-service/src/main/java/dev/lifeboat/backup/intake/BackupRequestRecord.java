package dev.lifeboat.backup.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** One backup request as received, whatever asked for it; its id makes a repeated request a no-op. */
@Entity
@Table(name = "backup_request")
public class BackupRequestRecord extends PanacheEntityBase {

    /** What has become of a request. Later stages (running, completed, failed) come with the backup pipeline. */
    public enum Status { RECEIVED }

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "trigger", nullable = false)
    public String trigger;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "labels", nullable = false)
    public Map<String, String> labels;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    public Status status;
}
