package dev.lifeboat.audit.log;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** One message of one Lifeboat topic, as received; its event id makes a redelivered message a no-op. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "topic", nullable = false)
    public String topic;

    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    /** Who asked, where the event says ({@code requestedBy}, {@code deletedBy}). */
    @Column(name = "actor")
    public String actor;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "data", nullable = false)
    public Map<String, Object> data;
}
