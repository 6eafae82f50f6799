package dev.lifeboat.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.audit.chain.CanonicalJson;
import dev.lifeboat.audit.entry.AuditEntry;
import dev.lifeboat.audit.entry.Outcome;

import java.time.Instant;

/**
 * A row as the API and the NDJSON export show it: every hashed column, so anyone can recompute the chain
 * from an export ({@code data}'s canonical JSON text is what was hashed, see {@code chain.EntryDigest}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntryView(long seq, String messageKey, String eventId, String topic, Integer partition, Long offset, String type,
                             String source, String databaseId, String correlationId, String actor, Outcome outcome,
                             String detail, Instant occurredAt, Instant recordedAt, JsonNode data,
                             String prevHash, String hash) {

    public static AuditEntryView of(AuditEntry entry) {
        return new AuditEntryView(entry.seq, entry.messageKey, entry.eventId, entry.topic, entry.kafkaPartition, entry.kafkaOffset, entry.type,
                entry.source, entry.databaseId, entry.correlationId, entry.actor, entry.outcome, entry.detail,
                entry.occurredAt, entry.recordedAt, CanonicalJson.tree(entry.payload), entry.prevHash, entry.hash);
    }
}
