package dev.lifeboat.events.envelope;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterLimitsTest {

    private final DeadLetterLimits limits = new DeadLetterLimits();

    @Test
    void theConnectorsCopiesOfTheRawBytesAreDroppedHugeHeadersCutAndTheValueGoesOutUnchanged() {
        byte[] value = "not json".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("deserialization-failure-data", value);
        headers.add("deserialization-failure-value-data", value);
        headers.add("ce_source", new byte[100_000]);
        headers.add("dead-letter-reason", "value is not valid JSON".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<Object, Object> sent = limits.onSend(new ProducerRecord<>("lifeboat.dead-letter", null, null, "k", value, headers));

        assertThat(sent.value()).isEqualTo(value);
        assertThat(sent.key()).isEqualTo("k");
        assertThat(sent.headers().lastHeader("deserialization-failure-data")).isNull();
        assertThat(sent.headers().lastHeader("deserialization-failure-value-data")).isNull();
        assertThat(sent.headers().lastHeader("ce_source").value()).hasSize(DeadLetterLimits.MAX_HEADER_BYTES);
        assertThat(sent.headers().lastHeader("dead-letter-reason")).isNotNull();
        assertThat(sent.headers().lastHeader(DeadLetterLimits.TRUNCATED_FROM)).isNull();
    }

    @Test
    void aMessageTheDeserializerRefusedGoesOutWithItsRawBytesAsTheValue() {
        byte[] raw = "{\"broken\"".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add("deserialization-failure-value-data", raw);

        ProducerRecord<Object, Object> sent = limits.onSend(new ProducerRecord<>("lifeboat.dead-letter", null, null, "k", null, headers));

        assertThat(sent.value()).isEqualTo(raw);
        assertThat(sent.headers().lastHeader("deserialization-failure-value-data")).isNull();
    }

    @Test
    void aValueTooLargeForOneRecordIsCutAndSaysItsLength() {
        ProducerRecord<Object, Object> sent = limits.onSend(new ProducerRecord<>("lifeboat.dead-letter", "k", new byte[900_000]));

        assertThat((byte[]) sent.value()).hasSize(DeadLetterLimits.MAX_VALUE_BYTES);
        assertThat(new String(sent.headers().lastHeader(DeadLetterLimits.TRUNCATED_FROM).value(), StandardCharsets.UTF_8)).isEqualTo("900000");
    }
}
