package dev.lifeboat.verifier.messaging;

import dev.lifeboat.events.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.verifier.config.EventsConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/**
 * Publishes {@code VerificationPassed}, {@code VerificationFailed} and {@code RestoreTestCompleted} on
 * {@code lifeboat.verification.events}, keyed by database id, and waits for Kafka's ack with retries
 * (blocking: worker threads only), so a check's result is not recorded as announced before it is.
 */
@ApplicationScoped
public class VerificationEvents {

    private final MutinyEmitter<Record<String, CloudEvent<?>>> out;
    private final EventsConfig events;

    public VerificationEvents(@Channel("verification-events-out") MutinyEmitter<Record<String, CloudEvent<?>>> out, EventsConfig events) {
        this.out = out;
        this.events = events;
    }

    /** @param correlationId the id of the flow this result belongs to (the backup's request, the restore test) */
    public void publish(String correlationId, EventData data) {
        CloudEvent<EventData> event = CloudEvent.of(events.source(), correlationId, data);
        out.send(Record.of(event.subject(), event))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(4)
                .await().atMost(Duration.ofMinutes(1));
    }
}
