package dev.lifeboat.events.envelope;

import dev.lifeboat.events.data.Request;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The producer interceptor of every consumer's dead-letter producer: a dead letter must fit in one Kafka record,
 * or writing it fails and the consumer stops for good. A message the deserializer refused reaches the dead-letter
 * producer with two more copies of its raw bytes as headers ({@code deserialization-failure-*-data}; the value is
 * already those bytes), so a 900 KB message became a 2.7 MB dead letter. Those copies are dropped (a record
 * without a value gets the raw bytes as its value), a header over
 * {@link #MAX_HEADER_BYTES} is cut to that size, and a value over {@link #MAX_VALUE_BYTES} is cut to that size with
 * its length in {@code dead-letter-truncated-from} (the whole message stays on its own topic until that topic's
 * retention). A request's bearer token ({@link Request#TOKEN_HEADER}) is dropped: no dead letter carries a credential.
 */
public class DeadLetterLimits implements ProducerInterceptor<Object, Object> {

    /** Room for the value in a record of Kafka's default 1 MiB, leaving the headers theirs. */
    public static final int MAX_VALUE_BYTES = 768 * 1024;
    /** A header longer than this (a hostile one: Lifeboat's are short) is cut to it. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final String TRUNCATED_FROM = "dead-letter-truncated-from";
    private static final Set<String> RAW_COPIES = Set.of("deserialization-failure-data", "deserialization-failure-value-data",
            "deserialization-failure-key-data");

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        Object value = record.value() != null ? record.value() : rawBytes(record);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (RAW_COPIES.contains(header.key()) || Request.TOKEN_HEADER.equalsIgnoreCase(header.key())) {
                continue;
            }
            byte[] text = header.value();
            headers.add(header.key(), text != null && text.length > MAX_HEADER_BYTES ? Arrays.copyOf(text, MAX_HEADER_BYTES) : text);
        }
        if (value instanceof byte[] bytes && bytes.length > MAX_VALUE_BYTES) {
            headers.add(TRUNCATED_FROM, String.valueOf(bytes.length).getBytes(StandardCharsets.UTF_8));
            value = Arrays.copyOf(bytes, MAX_VALUE_BYTES);
        }
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), value, headers);
    }

    /** A message the deserializer refused has no value: its raw bytes are in the connector's header. */
    private static byte[] rawBytes(ProducerRecord<Object, Object> record) {
        Header raw = record.headers().lastHeader("deserialization-failure-value-data");
        if (raw == null) {
            raw = record.headers().lastHeader("deserialization-failure-data");
        }
        return raw == null ? null : raw.value();
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
