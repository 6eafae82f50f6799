package dev.lifeboat.restore.messaging;

import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.restore.source.SafetyBackups;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Reads {@code lifeboat.backup.events} for the outcome of PRE_RESTORE safety backups: a completion, or a
 * failure the backup service will not retry. Every other backup event is acknowledged and ignored.
 */
@ApplicationScoped
public class BackupEventConsumer {

    private final SafetyBackups safetyBackups;

    private final ConsumerRetry retry;

    public BackupEventConsumer(SafetyBackups safetyBackups, ConsumerRetry retry) {
        this.safetyBackups = safetyBackups;
        this.retry = retry;
    }

    @Incoming("backup-events")
    public Uni<Void> consume(CloudEvent<?> event) {
        Uni<Void> recorded;
        if (event.data() instanceof BackupCompleted completed && completed.trigger() == BackupTrigger.PRE_RESTORE) {
            recorded = safetyBackups.record(completed.requestId(), "COMPLETED", completed.backupId(), null);
        } else if (event.data() instanceof BackupFailed failed && failed.trigger() == BackupTrigger.PRE_RESTORE && !failed.retryable()) {
            recorded = safetyBackups.record(failed.requestId(), "FAILED", failed.backupId(), failed.errorCode() + ": " + failed.message());
        } else {
            return Uni.createFrom().voidItem();
        }
        return retry.retrying(recorded);
    }
}
