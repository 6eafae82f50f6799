package dev.lifeboat.backup.messaging;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes CloudEvents to Kafka (binary mode, keyed by database id). The returned {@link Uni}
 * completes only when the broker has acknowledged the record, so callers can await the send.
 */
@ApplicationScoped
public class EventPublisher {

    private final EventCodec codec = new EventCodec();
    private final MutinyEmitter<byte[]> backupRequests;

    public EventPublisher(@Channel("backup-requests-out") MutinyEmitter<byte[]> backupRequests) {
        this.backupRequests = backupRequests;
    }

    public Uni<Void> publish(CloudEvent<?> event) {
        EncodedEvent encoded = codec.encode(event);
        MutinyEmitter<byte[]> emitter = switch (encoded.topic()) {
            case Topics.BACKUP_REQUESTS -> backupRequests;
            default -> throw new IllegalArgumentException("backup-service does not publish to " + encoded.topic());
        };
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(encoded.key())
                .withHeaders(encoded.headers())
                .build();
        return emitter.sendMessage(Message.of(encoded.value()).addMetadata(metadata));
    }
}
