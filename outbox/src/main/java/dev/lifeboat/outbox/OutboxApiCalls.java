package dev.lifeboat.outbox;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.service.apicall.ApiCallRecorder;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * API calls recorded through the outbox, like every other event of the service: checked, committed on a worker thread
 * (never the event loop, never delaying the answer), then published once Kafka takes them.
 */
@ApplicationScoped
public class OutboxApiCalls implements ApiCallRecorder {

    private static final Logger LOG = Logger.getLogger(OutboxApiCalls.class);

    private final Outbox outbox;

    public OutboxApiCalls(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void record(String correlationId, ApiCallRecorded call) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                // checked as its consumer will check it before it is written: an event the relay could never
                // publish would hold up every event after it
                outbox.accept(outbox.event(correlationId, call));
            } catch (RuntimeException e) {
                LOG.errorf("The record of %s %s (%d, by %s) could not be written to the outbox: %s", call.method(), call.path(),
                        call.status(), call.actor(), e.getMessage());
            }
        });
    }
}
