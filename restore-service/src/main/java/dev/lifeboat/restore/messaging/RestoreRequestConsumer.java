package dev.lifeboat.restore.messaging;

import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.restore.intake.RestoreRequestIntake;
import dev.lifeboat.restore.job.RestoreWorker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;



/**
 * Reads {@code lifeboat.restore.requests}, already validated by the channel's {@code EventDeserializer}
 * (invalid messages go to {@code lifeboat.dead-letter}); records each request once, then acknowledges and
 * wakes the worker.
 */
@ApplicationScoped
public class RestoreRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RestoreRequestConsumer.class);

    private final RestoreRequestIntake intake;
    private final RestoreWorker worker;

    private final ConsumerRetry retry;

    public RestoreRequestConsumer(RestoreRequestIntake intake, RestoreWorker worker, ConsumerRetry retry) {
        this.intake = intake;
        this.worker = worker;
        this.retry = retry;
    }

    @Incoming("restore-requests")
    public Uni<Void> consume(CloudEvent<?> event) {
        return Uni.createFrom().item(() -> event.requireData(RestoreRequested.class))
                .chain(request -> retry.retrying(intake.record(request)
                        .onFailure().invoke(e -> LOG.warnf("Recording %s %s failed: %s", event.type(), event.id(), e))))
                .invoke(isNew -> {
                    if (isNew) {
                        worker.wakeUp();
                    }
                })
                .replaceWithVoid();
    }
}
