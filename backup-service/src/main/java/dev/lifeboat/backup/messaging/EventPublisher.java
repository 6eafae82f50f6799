package dev.lifeboat.backup.messaging;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.envelope.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes CloudEvents to Kafka, keyed by database id; the channel's {@code EventSerializer}
 * writes the envelope. The returned {@link Uni} completes only when the broker has acknowledged
 * the record, so callers await the send.
 */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<CloudEvent<?>> backupRequests;

    public EventPublisher(@Channel("backup-requests-out") MutinyEmitter<CloudEvent<?>> backupRequests) {
        this.backupRequests = backupRequests;
    }

    public Uni<Void> publish(CloudEvent<?> event) {
        MutinyEmitter<CloudEvent<?>> emitter = switch (event.eventType().topic()) {
            case Topics.BACKUP_REQUESTS -> backupRequests;
            default -> throw new IllegalArgumentException("backup-service does not publish to " + event.eventType().topic());
        };
        return emitter.sendMessage(Message.<CloudEvent<?>>of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.subject()).build()));
    }
}
