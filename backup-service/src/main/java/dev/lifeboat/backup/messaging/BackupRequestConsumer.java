package dev.lifeboat.backup.messaging;

import dev.lifeboat.service.messaging.RequestConsumption;
import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.backup.job.BackupWorker;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;



/**
 * Reads {@code lifeboat.backup.requests}. The channel's deserializer ({@code AuthenticatedRequestDeserializer})
 * validates and authenticates every message; one that fails never reaches this method but goes to
 * {@code lifeboat.dead-letter} with the reason in {@code dead-letter-reason}. A valid event of
 * another type is refused here the same way. Each request is recorded once, then acknowledged.
 */
@ApplicationScoped
public class BackupRequestConsumer {

    private final BackupRequestIntake intake;
    private final BackupWorker worker;
    private final RequestConsumption requests;

    public BackupRequestConsumer(BackupRequestIntake intake, BackupWorker worker, RequestConsumption requests) {
        this.intake = intake;
        this.worker = worker;
        this.requests = requests;
    }

    @Incoming("backup-requests")
    public Uni<Void> consume(CloudEvent<?> event) {
        return requests.record(event, BackupRequested.class, intake::record, worker::wakeUp);
    }
}
