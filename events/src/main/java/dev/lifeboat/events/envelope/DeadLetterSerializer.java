package dev.lifeboat.events.envelope;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializer of a consumer's dead-letter producer. A message refused by the deserializer
 * reaches it as the raw bytes, which go out unchanged; a valid event whose processing kept failing
 * reaches it as the {@link CloudEvent}, which goes out encoded as it came in (binary mode), so the
 * dead-letter topic always holds a message that can be read and replayed, never an empty value.
 */
public class DeadLetterSerializer implements Serializer<Object> {

    private final EventSerializer events = new EventSerializer();

    @Override
    public byte[] serialize(String topic, Object value) {
        return serialize(topic, null, value);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object value) {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof CloudEvent<?> event) {
            return headers == null ? events.serialize(topic, event) : events.serialize(topic, headers, event);
        }
        throw new IllegalArgumentException("cannot dead-letter a " + value.getClass().getName()
                + ": expected the raw bytes or a CloudEvent");
    }
}
