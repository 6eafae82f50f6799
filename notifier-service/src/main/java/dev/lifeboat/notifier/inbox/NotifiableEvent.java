package dev.lifeboat.notifier.inbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An event this service has received and may notify about, persisted before anything is sent;
 * its event id makes a redelivered Kafka message a no-op.
 */
@Entity
@Table(name = "notifiable_event")
public class NotifiableEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** RECEIVED until routing and delivery (issue: notifier-service) handle it. */
    @Column(name = "status", nullable = false)
    public String status;
}
