package dev.lifeboat.restore.job;

import dev.lifeboat.events.data.EventData;

/**
 * Where a restore's events go ({@code RestoreStarted}, then one of {@code RestoreCompleted}, {@code RestoreFailed} or
 * {@code RestoreRolledBack}); the messaging package publishes them, so the job never sees how.
 */
public interface RestoreEvents {

    /** Publishes one event (blocking until it is recorded). @param correlationId the restore's correlation id */
    void publish(String correlationId, EventData data);
}
