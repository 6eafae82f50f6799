package dev.lifeboat.notifier.delivery;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One notification to one channel: about an event, a digest of collapsed failures, or a reminder. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public enum Kind { EVENT, DIGEST, REMINDER }

    public enum Status { PENDING, SENT, FAILED, COLLAPSED }

    @Id
    public String id;

    /** The event's id; {@code digest-<first delivery>} or {@code reminder-<slot>} for the others. */
    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(nullable = false)
    public String channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** The rule (or rules, comma-separated) that chose this channel. */
    @Column(nullable = false)
    public String rule;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String severity;

    @Column(nullable = false)
    public String[] recipients = new String[0];

    /** The message as JSON ({@code MessageJson}). */
    @Column(nullable = false)
    public String message;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "window_ends_at")
    public Instant windowEndsAt;

    @Column(name = "digest_id")
    public String digestId;

    @Column(nullable = false)
    public int collapsed;

    @Column(nullable = false)
    public boolean announced;
}
