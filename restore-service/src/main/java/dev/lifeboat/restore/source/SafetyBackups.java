package dev.lifeboat.restore.source;

import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The safety net before a restore touches a live database: a {@code BackupRequested} with trigger
 * PRE_RESTORE and the restore's correlation id, then a wait for the backup service's answer (recorded by
 * the messaging package's {@code BackupEventConsumer}, so any replica may receive it).
 */
@ApplicationScoped
public class SafetyBackups {

    private static final long POLL_MILLIS = 500;

    private final Outbox outbox;

    public SafetyBackups(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The request id of a restore's safety backup: a repeat of the restore asks for the same backup. */
    public static String requestIdOf(String restoreId) {
        return restoreId + "-pre-restore";
    }

    /**
     * Asks for the safety backup and waits for it (blocking); @return its backup id
     *
     * @param stillOwned asked before the request and each time it looks for the answer: it throws once a newer attempt
     *                   owns the run, so a worker that resumed after a takeover asks for no backup, or stops waiting
     *                   (one whose run is taken over between the question and the request asks for one backup more)
     */
    public String takeAndAwait(String restoreId, String databaseId, String requestedBy, Duration timeout, Runnable stillOwned)
            throws RestoreFailure {
        String requestId = requestIdOf(restoreId);
        BackupRequested request = new BackupRequested(requestId, databaseId, BackupTrigger.PRE_RESTORE, requestedBy,
                Map.of("restoreId", restoreId));
        stillOwned.run();
        try {
            outbox.commit(outbox.event(restoreId, request));
        } catch (RuntimeException e) {
            throw new RestoreFailure(RestoreStep.SAFETY_BACKUP, "SAFETY_BACKUP_FAILED", "cannot record the safety backup request: " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            stillOwned.run();
            SafetyBackupRecord outcome = find(requestId);
            if (outcome != null) {
                if ("COMPLETED".equals(outcome.outcome)) {
                    return outcome.backupId;
                }
                throw new RestoreFailure(RestoreStep.SAFETY_BACKUP, "SAFETY_BACKUP_FAILED",
                        "the safety backup of " + databaseId + " failed, so the live database was not touched: " + outcome.message);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailure(RestoreStep.SAFETY_BACKUP, "INTERRUPTED", "interrupted while waiting for the safety backup");
            }
        }
        throw new RestoreFailure(RestoreStep.SAFETY_BACKUP, "SAFETY_BACKUP_TIMEOUT", "no BackupCompleted for the safety backup of "
                + databaseId + " (request " + requestId + ") within " + timeout + ", so the live database was not touched");
    }

    /** Records the backup service's answer once (a redelivered event changes nothing). */
    public Uni<Void> record(String requestId, String outcome, String backupId, String message) {
        return Panache.withTransaction(() -> SafetyBackupRecord.<SafetyBackupRecord>findById(requestId)
                .onItem().ifNull().switchTo(() -> {
                    SafetyBackupRecord row = new SafetyBackupRecord();
                    row.requestId = requestId;
                    row.outcome = outcome;
                    row.backupId = backupId;
                    row.message = message;
                    row.recordedAt = Instant.now();
                    return row.persist();
                })).replaceWithVoid();
    }

    private static SafetyBackupRecord find(String requestId) throws RestoreFailure {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SafetyBackupRecord.<SafetyBackupRecord>findById(requestId)));
        } catch (Throwable e) {
            throw new RestoreFailure(RestoreStep.SAFETY_BACKUP, "INTERNAL", "cannot read the safety backup's outcome: " + e.getMessage(), e);
        }
    }
}
