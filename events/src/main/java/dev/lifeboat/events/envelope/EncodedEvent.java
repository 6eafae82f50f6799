package dev.lifeboat.events.envelope;

import org.apache.kafka.common.header.Headers;

/** A CloudEvent ready for Kafka: its topic, key (the database id), headers and JSON value. */
public record EncodedEvent(String topic, String key, Headers headers, byte[] value) {
}
