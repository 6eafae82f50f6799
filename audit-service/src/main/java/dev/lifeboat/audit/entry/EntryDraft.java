package dev.lifeboat.audit.entry;

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

    /**
     * A refused message may carry NUL characters anywhere (its key, the reason another consumer gave), and
     * PostgreSQL's text refuses them: each becomes U+FFFD here, so no message can stop the log from appending.
     */
    public EntryDraft {
        messageKey = storable(messageKey);
        topic = storable(topic);
        eventId = storable(eventId);
        type = storable(type);
        source = storable(source);
        databaseId = storable(databaseId);
        correlationId = storable(correlationId);
        actor = storable(actor);
        detail = storable(detail);
    }

    /** The text with each NUL character, which PostgreSQL's text and jsonb refuse, replaced by U+FFFD. */
    public static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /** The type of a message that is not a Lifeboat event. */
    public static final String UNREADABLE = "unreadable";

    public EntryDraft withActor(String flowActor) {
        return new EntryDraft(messageKey, topic, partition, offset, eventId, type, source, databaseId, correlationId, flowActor,
                outcome, detail, occurredAt, payload);
    }
}
