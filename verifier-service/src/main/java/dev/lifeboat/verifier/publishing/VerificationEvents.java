package dev.lifeboat.verifier.publishing;

import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.events.data.EventData;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * Publishes {@code VerificationPassed}, {@code VerificationFailed} and {@code RestoreTestCompleted} on
 * {@code lifeboat.verification.events}, keyed by database id, through the outbox (blocking: worker threads
 * only): when {@link #publish} returns the event is committed, so a check's result is not recorded as
 * announced before it cannot be lost.
 */
@ApplicationScoped
public class VerificationEvents {

    private final Outbox outbox;

    public VerificationEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** @param correlationId the id of the flow this result belongs to (the backup's request, the restore test) */
    public void publish(String correlationId, EventData data) {
        outbox.commit(outbox.event(correlationId, data));
    }
}
