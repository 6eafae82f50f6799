package dev.lifeboat.audit.messaging;

import dev.lifeboat.audit.log.ActivityLog;
import dev.lifeboat.events.envelope.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Reads every Lifeboat topic, requests included (validated by the channel's {@code EventDeserializer};
 * invalid messages go to {@code lifeboat.dead-letter}), and appends each message to the activity log
 * before its offset is committed.
 */
@ApplicationScoped
public class ActivityConsumer {

    private static final Logger LOG = Logger.getLogger(ActivityConsumer.class);

    private final ActivityLog log;

    public ActivityConsumer(ActivityLog log) {
        this.log = log;
    }

    @Incoming("lifeboat-topics")
    public Uni<Void> consume(ConsumerRecord<String, CloudEvent<?>> record) {
        return log.append(record.topic(), record.value())
                .onFailure().invoke(e -> LOG.warnf("Logging %s from %s failed: %s", record.value().id(), record.topic(), e))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
    }
}
