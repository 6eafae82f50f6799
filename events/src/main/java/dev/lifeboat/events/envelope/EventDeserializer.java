package dev.lifeboat.events.envelope;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for {@link CloudEvent}, validating on the way in: a message that is not a valid
 * Lifeboat event, or a valid event on a topic that does not carry its type (a {@code BackupFailed} on
 * {@code lifeboat.backup.requests}), throws {@link InvalidEventException} with a message that says why,
 * so the channel sends the raw message to the dead-letter topic with that reason.
 */
public class EventDeserializer implements Deserializer<CloudEvent<?>> {

    private final EventCodec codec = new EventCodec();

    @Override
    public CloudEvent<?> deserialize(String topic, byte[] data) {
        return deserialize(topic, new RecordHeaders(), data);
    }

    @Override
    public CloudEvent<?> deserialize(String topic, Headers headers, byte[] data) {
        CloudEvent<?> event = codec.decode(headers, data);
        String home = event.eventType().topic();
        if (topic != null && !topic.equals(home)) {
            throw new InvalidEventException(InvalidEventException.Problem.UNKNOWN_TYPE,
                    event.type() + " belongs on " + home + ", not on " + topic);
        }
        return event;
    }
}
