package dev.lifeboat.restore.job;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreRequestRecord;

import java.util.function.Consumer;

/**
 * Where a restore's events go ({@code RestoreStarted}, then one of {@code RestoreCompleted}, {@code RestoreFailed} or
 * {@code RestoreRolledBack}); the messaging package publishes them, so the job never sees how.
 */
public interface RestoreEvents {

    /**
     * Changes the restore's record and records its event in one transaction (blocking until committed), then the event
     * is published: the record says a restore started or ended exactly when the event saying so exists, so a crash
     * cannot leave a restore COMPLETED that no event will ever report.
     *
     * @param attempt       the attempt that records it: when it no longer owns the run, nothing is changed or recorded
     *                      ({@link dev.lifeboat.restore.intake.TakenOver})
     * @param correlationId the restore's correlation id
     */
    void record(RestoreAttempt attempt, Consumer<RestoreRequestRecord> change, String correlationId, EventData data);
}
