package dev.lifeboat.events;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.CloudEventHeaders;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.EventDeserializer;
import dev.lifeboat.events.envelope.EventSerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RoundTripTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void binaryModeKeepsEveryAttributeAndField(EventType type) {
        CloudEvent<EventData> event = CloudEvent.of("/lifeboat/test", "corr-1", EventSamples.of(type));

        EncodedEvent encoded = codec.encode(event);

        assertThat(encoded.topic()).isEqualTo(type.topic());
        assertThat(encoded.key()).isEqualTo(EventSamples.DB);
        assertThat(new String(encoded.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(type.type()).startsWith("dev.lifeboat.").endsWith(".v1");
        assertThat(codec.decode(encoded.headers(), encoded.value())).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void structuredModeAndTheKafkaSerdeRoundTrip(EventType type) {
        CloudEvent<EventData> event = CloudEvent.of("/lifeboat/test", "corr-1", EventSamples.of(type));
        assertThat(codec.decode(new RecordHeaders(), codec.encodeStructured(event))).isEqualTo(event);

        try (EventSerializer serializer = new EventSerializer(); EventDeserializer deserializer = new EventDeserializer()) {
            RecordHeaders headers = new RecordHeaders();
            byte[] value = serializer.serialize(type.topic(), headers, event);
            assertThat(deserializer.deserialize(type.topic(), headers, value)).isEqualTo(event);
            assertThat(deserializer.deserialize(type.topic(), serializer.serialize(type.topic(), event))).isEqualTo(event);
        }
    }
}
