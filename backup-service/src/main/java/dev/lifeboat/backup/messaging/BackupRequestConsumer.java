package dev.lifeboat.backup.messaging;

import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.backup.job.BackupWorker;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;



/**
 * Reads {@code lifeboat.backup.requests}. The channel's deserializer ({@code EventDeserializer})
 * validates every message; one that fails never reaches this method but goes to
 * {@code lifeboat.dead-letter} with the reason in {@code dead-letter-reason}. A valid event of
 * another type is refused here the same way. Each request is recorded once, then acknowledged.
 */
@ApplicationScoped
public class BackupRequestConsumer {

    private static final Logger LOG = Logger.getLogger(BackupRequestConsumer.class);

    private final BackupRequestIntake intake;
    private final BackupWorker worker;
    private final ConsumerRetry retry;

    public BackupRequestConsumer(BackupRequestIntake intake, BackupWorker worker, ConsumerRetry retry) {
        this.intake = intake;
        this.worker = worker;
        this.retry = retry;
    }

    @Incoming("backup-requests")
    public Uni<Void> consume(CloudEvent<?> event) {
        return Uni.createFrom().item(() -> event.requireData(BackupRequested.class))
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
