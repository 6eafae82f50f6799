package dev.lifeboat.audit.entry;

import dev.lifeboat.audit.entry.Outcome;
import java.time.Instant;

/**
 * A row before it joins the chain: everything but its position, time of recording and hashes.
 *
 * @param messageKey what makes a redelivered message a no-op: {@code topic/eventId}, or {@code topic-partition@offset}
 * @param payload    canonical JSON text (see {@code chain.CanonicalJson})
 */
public record EntryDraft(String messageKey, String topic, Integer partition, Long offset, String eventId, String type, String source,
                         String databaseId, String correlationId, String actor, Outcome outcome, String detail,
                         Instant occurredAt, String payload) {

    /** The type of a message that is not a Lifeboat event. */
    public static final String UNREADABLE = "unreadable";

    public EntryDraft withActor(String flowActor) {
        return new EntryDraft(messageKey, topic, partition, offset, eventId, type, source, databaseId, correlationId, flowActor,
                outcome, detail, occurredAt, payload);
    }
}
