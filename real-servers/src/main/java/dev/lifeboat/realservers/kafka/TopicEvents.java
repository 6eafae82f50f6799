package dev.lifeboat.realservers.kafka;

import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The Lifeboat events of one topic on real Kafka, decoded as another system would read them. */
public final class TopicEvents {

    private final KafkaProbe kafka;
    private final String topic;
    private final EventCodec codec = new EventCodec();

    public TopicEvents(KafkaProbe kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** The first event of this type and correlation id. */
    public <T extends EventData> CloudEvent<T> await(Class<T> type, String correlationId, Duration timeout) {
        return await(type, event -> correlationId.equals(event.correlationId()), timeout)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " with correlation id " + correlationId
                        + " on " + topic + " within " + timeout));
    }

    @SuppressWarnings("unchecked")
    public <T extends EventData> Optional<CloudEvent<T>> await(Class<T> type, Predicate<CloudEvent<T>> matches, Duration timeout) {
        return kafka.awaitRecord(topic, record -> {
            CloudEvent<?> event = decodable(record);
            return event != null && type.isInstance(event.data()) && matches.test((CloudEvent<T>) event);
        }, timeout).map(record -> (CloudEvent<T>) decode(record));
    }

    /** Every event of this type so far that matches. */
    @SuppressWarnings("unchecked")
    public <T extends EventData> List<CloudEvent<T>> all(Class<T> type, Predicate<CloudEvent<T>> matches) {
        return kafka.allRecords(topic, record -> {
            CloudEvent<?> event = decodable(record);
            return event != null && type.isInstance(event.data()) && matches.test((CloudEvent<T>) event);
        }).stream().map(record -> (CloudEvent<T>) decode(record)).toList();
    }

    /** Publishes an event on this topic, the way any other system would: a request with a token of the user it names ({@link LocalTokens#asRequester}). */
    public void publish(CloudEvent<?> event) {
        EncodedEvent encoded = codec.encode(event);
        kafka.send(topic, encoded.key(), LocalTokens.asRequester(event, encoded.headers()), encoded.value());
    }

    /** The record's event; null for one that is not a valid event (tests publish some on purpose): it is none of any type. */
    private CloudEvent<?> decodable(ConsumerRecord<String, byte[]> record) {
        try {
            return decode(record);
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        return codec.decode(record.headers(), record.value());
    }
}
