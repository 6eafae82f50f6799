package dev.lifeboat.audit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lifeboat.audit.chain.CanonicalJson;
import dev.lifeboat.audit.entry.EntryDraft;
import dev.lifeboat.audit.entry.Outcome;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.EventDeserializer;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.service.requests.RequestAuthentication;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns one Kafka record of any Lifeboat topic into the row that logs it. A valid event is logged with
 * its fields; a message that is not one is logged as {@link Outcome#REJECTED} with the reason; a message
 * on the dead-letter topic as {@link Outcome#DEAD_LETTERED} with the reason its consumer gave.
 */
@ApplicationScoped
@Startup
public class MessageReading {

    /** Headers SmallRye Reactive Messaging puts on a dead-lettered record. */
    static final String DEAD_LETTER_REASON = "dead-letter-reason";
    static final String DEAD_LETTER_TOPIC = "dead-letter-topic";

    private final EventCodec codec = new EventCodec();
    private final EventDeserializer deserializer = new EventDeserializer();
    private final RefusedMessage refused = new RefusedMessage();
    private final RequestAuthentication authentication;

    /**
     * Logs a request under the actor its consumer authenticates, never the body's; one that fails is logged as refused.
     * Made at start ({@link Startup}): without the services' signing key the service does not start.
     */
    public MessageReading(RequestAuthentication authentication) {
        this.authentication = authentication;
        authentication.keys();
    }

    public EntryDraft read(ConsumerRecord<String, byte[]> record) {
        if (Topics.DEAD_LETTER.equals(record.topic())) {
            return deadLettered(record);
        }
        try {
            CloudEvent<?> event = authentication.authenticated(deserializer.deserialize(record.topic(), record.headers(), record.value()),
                    record.headers(), record.value(), RequestAuthentication.Expiry.IGNORED);
            return new EntryDraft(record.topic() + "/" + event.id(), record.topic(), record.partition(), record.offset(),
                    event.id(), event.type(), event.source(), event.subject(), event.correlationId(), EventFacts.actor(event),
                    Outcome.of(event), EventFacts.detail(event), event.time(), payload(codec.mapper().valueToTree(event.data())));
        } catch (InvalidEventException e) {
            return refused(record, Outcome.REJECTED, e.getMessage());
        }
    }

    private EntryDraft deadLettered(ConsumerRecord<String, byte[]> record) {
        String reason = header(record, DEAD_LETTER_REASON);
        String from = header(record, DEAD_LETTER_TOPIC);
        String detail = (from == null ? "" : "from " + from + ": ") + (reason == null ? "no reason given" : reason);
        try {
            CloudEvent<?> event = codec.decode(record.headers(), record.value());
            // a dead-lettered request was never authenticated (or its token is gone): its body's requestedBy names no one
            String actor = event.data() instanceof Request ? null : EventFacts.actor(event);
            return new EntryDraft(offsetKey(record), record.topic(), record.partition(), record.offset(), event.id(), event.type(),
                    event.source(), event.subject(), event.correlationId(), actor, Outcome.DEAD_LETTERED,
                    detail, event.time(), payload(codec.mapper().valueToTree(event.data())));
        } catch (InvalidEventException unreadable) {
            return refused(record, Outcome.DEAD_LETTERED, detail);
        }
    }

    private EntryDraft refused(ConsumerRecord<String, byte[]> record, Outcome outcome, String reason) {
        return new EntryDraft(offsetKey(record), record.topic(), record.partition(), record.offset(), null, EntryDraft.UNREADABLE,
                null, record.key(), null, null, outcome, reason, Instant.ofEpochMilli(record.timestamp()),
                payload(refused.payload(record.headers(), record.value())));
    }

    private static String offsetKey(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Canonical JSON, with NUL characters (which {@code jsonb} refuses) replaced so no message can stall the log. */
    private static String payload(JsonNode node) {
        return CanonicalJson.ofValue(withoutNul(node));
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            return TextNode.valueOf(EntryDraft.storable(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode clean = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> clean.set(EntryDraft.storable(field.getKey()), withoutNul(field.getValue())));
            return clean;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutNul(array.get(i)));
            }
        }
        return node;
    }
}
