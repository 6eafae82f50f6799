package dev.lifeboat.restore.messaging;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.job.RestoreEvents;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Consumer;

/**
 * Publishes the restore events on {@code lifeboat.restore.events}, keyed by database id, through the transactional
 * outbox: each in the transaction that changes the restore's record (blocking).
 */
@ApplicationScoped
public class OutboxRestoreEvents implements RestoreEvents {

    private final Outbox outbox;
    private final RestoreJournal journal;

    public OutboxRestoreEvents(Outbox outbox, RestoreJournal journal) {
        this.outbox = outbox;
        this.journal = journal;
    }

    @Override
    public void record(RestoreAttempt attempt, Consumer<RestoreRequestRecord> change, String correlationId, EventData data) {
        outbox.commit(() -> journal.changing(attempt, change), outbox.event(correlationId, data));
    }
}
