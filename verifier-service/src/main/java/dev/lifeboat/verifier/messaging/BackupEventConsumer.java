package dev.lifeboat.verifier.messaging;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Reads {@code lifeboat.backup.events} (validated by the channel's {@code EventDeserializer}; invalid
 * messages go to {@code lifeboat.dead-letter}) and queues every completed backup for verification.
 * The other backup events need nothing from this service.
 */
@ApplicationScoped
public class BackupEventConsumer {

    private static final Logger LOG = Logger.getLogger(BackupEventConsumer.class);

    private final VerificationQueue queue;

    public BackupEventConsumer(VerificationQueue queue) {
        this.queue = queue;
    }

    @Incoming("backup-events")
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(CloudEvent<?> event) {
        if (!(event.data() instanceof BackupCompleted)) {
            return Uni.createFrom().voidItem();
        }
        return queue.enqueue((CloudEvent<BackupCompleted>) event)
                .onFailure().invoke(e -> LOG.warnf("Queueing %s %s failed: %s", event.type(), event.id(), e))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
    }
}
