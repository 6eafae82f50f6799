package dev.lifeboat.events.envelope;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link CloudEvent}, validating on the way in: a message that is not a valid
 * Lifeboat event throws {@link InvalidEventException} with a message that says why.
 */
public class EventDeserializer implements Deserializer<CloudEvent<?>> {

    private final EventCodec codec = new EventCodec();

    @Override
    public CloudEvent<?> deserialize(String topic, byte[] data) {
        return deserialize(topic, new RecordHeaders(), data);
    }

    @Override
    public CloudEvent<?> deserialize(String topic, Headers headers, byte[] data) {
        return codec.decode(headers, data);
    }
}
