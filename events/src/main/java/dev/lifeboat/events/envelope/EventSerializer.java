package dev.lifeboat.events.envelope;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for {@link CloudEvent}: binary mode (attributes as {@code ce_*} headers) when the
 * producer passes headers, as it always does; structured mode otherwise.
 */
public class EventSerializer implements Serializer<CloudEvent<?>> {

    private final EventCodec codec = new EventCodec();

    @Override
    public byte[] serialize(String topic, CloudEvent<?> event) {
        return event == null ? null : codec.encodeStructured(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, CloudEvent<?> event) {
        if (event == null) {
            return null;
        }
        EncodedEvent encoded = codec.encode(event);
        for (Header header : encoded.headers()) {
            headers.remove(header.key());
            headers.add(header);
        }
        return encoded.value();
    }
}
