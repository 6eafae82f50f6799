package dev.lifeboat.audit.entry;

import dev.lifeboat.audit.entry.Outcome;
import dev.lifeboat.audit.entry.EntryDraft;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/**
 * One row of the append-only log: one message of one Lifeboat topic (or one of the log's own actions),
 * chained to the row before it by {@link #prevHash}. Rows are only ever inserted; see {@code V2__hash_chained_log.sql}.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    /** Position in the chain: 1, 2, 3 … without gaps (a prune moves the start, see {@code chain_anchor}). */
    @Id
    @Column(name = "seq")
    public long seq;

    /** {@code topic/eventId}, or {@code topic-partition@offset} for a message without a readable id: a redelivery is a no-op. */
    @Column(name = "message_key", nullable = false, updatable = false)
    public String messageKey;

    @Column(name = "topic", nullable = false, updatable = false)
    public String topic;

    @Column(name = "kafka_partition", updatable = false)
    public Integer kafkaPartition;

    @Column(name = "kafka_offset", updatable = false)
    public Long kafkaOffset;

    /** The CloudEvents id; null when the message is unreadable. */
    @Column(name = "event_id", updatable = false)
    public String eventId;

    /** The CloudEvents type, or {@value EntryDraft#UNREADABLE} for a message that is not a Lifeboat event. */
    @Column(name = "type", nullable = false, updatable = false)
    public String type;

    @Column(name = "source", updatable = false)
    public String source;

    @Column(name = "database_id", updatable = false)
    public String databaseId;

    @Column(name = "correlation_id", updatable = false)
    public String correlationId;

    /** Who asked: from the event ({@code requestedBy}, {@code deletedBy}), else from the request of its flow. */
    @Column(name = "actor", updatable = false)
    public String actor;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false, updatable = false)
    public Outcome outcome;

    /** Why a message was refused or dead-lettered, or what failed. */
    @Column(name = "detail", updatable = false)
    public String detail;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;

    /** The event's data (or the refused message) as canonical JSON text; stored as {@code jsonb}. */
    // bound as text, then parsed by PostgreSQL (a String bound straight to jsonb would be stored as a JSON string)
    @ColumnTransformer(read = "payload::text", write = "cast(cast(? as text) as jsonb)")
    @Column(name = "payload", nullable = false, updatable = false)
    public String payload;

    @Column(name = "prev_hash", nullable = false, updatable = false)
    public String prevHash;

    @Column(name = "hash", nullable = false, updatable = false)
    public String hash;
}
