package dev.lifeboat.restore.messaging;

import dev.lifeboat.service.messaging.RequestConsumption;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.restore.intake.RestoreRequestIntake;
import dev.lifeboat.restore.job.RestoreWorker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;



/**
 * Reads {@code lifeboat.restore.requests}, already validated and authenticated by the channel's {@code AuthenticatedRequestDeserializer}
 * (invalid messages go to {@code lifeboat.dead-letter}); records each request once, then acknowledges and
 * wakes the worker.
 */
@ApplicationScoped
public class RestoreRequestConsumer {

    private final RestoreRequestIntake intake;
    private final RestoreWorker worker;
    private final RequestConsumption requests;

    public RestoreRequestConsumer(RestoreRequestIntake intake, RestoreWorker worker, RequestConsumption requests) {
        this.intake = intake;
        this.worker = worker;
        this.requests = requests;
    }

    @Incoming("restore-requests")
    public Uni<Void> consume(CloudEvent<?> event) {
        return requests.record(event, RestoreRequested.class, intake::record, worker::wakeUp);
    }
}
