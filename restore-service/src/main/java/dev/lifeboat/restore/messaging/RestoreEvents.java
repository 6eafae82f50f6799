package dev.lifeboat.restore.messaging;

import dev.lifeboat.events.EventData;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.restore.config.EventsConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Publishes the restore events on {@code lifeboat.restore.events}, keyed by database id, and waits for Kafka's ack (blocking). */
@ApplicationScoped
public class RestoreEvents {

    private static final Logger LOG = Logger.getLogger(RestoreEvents.class);
    private static final int ATTEMPTS = 5;

    private final MutinyEmitter<Record<String, CloudEvent<?>>> out;
    private final EventsConfig events;

    public RestoreEvents(@Channel("restore-events-out") MutinyEmitter<Record<String, CloudEvent<?>>> out, EventsConfig events) {
        this.out = out;
        this.events = events;
    }

    /** @param correlationId the restore's correlation id */
    public void publish(String correlationId, EventData data) {
        CloudEvent<EventData> event = CloudEvent.of(events.source(), correlationId, data);
        for (int attempt = 1; ; attempt++) {
            try {
                out.send(Record.of(event.subject(), event)).await().atMost(Duration.ofSeconds(30));
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    LOG.errorf("Could not publish %s for %s after %d attempts: %s", event.type(), correlationId, ATTEMPTS, e.getMessage());
                    throw e;
                }
                LOG.warnf("Publishing %s for %s failed (attempt %d), retrying: %s", event.type(), correlationId, attempt, e.getMessage());
            }
        }
    }
}
