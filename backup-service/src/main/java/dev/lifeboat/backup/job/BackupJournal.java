package dev.lifeboat.backup.job;

import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.service.reactive.ReactiveSessions;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.outbox.EventSource;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.outbox.OutboxRelay;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Each step of a backup is one transaction that changes the request, the catalog and the outbox
 * together: what the events say happened is exactly what was committed. Called from backup worker threads.
 * <p>
 * The start is recorded beside the dump, not before it (a small backup would otherwise wait for that commit); the
 * completion or failure of the same attempt waits for it first, so {@code BackupStarted} always precedes them.
 */
@ApplicationScoped
public class BackupJournal {

    private static final Logger LOG = Logger.getLogger(BackupJournal.class);

    private final Outbox outbox;
    private final OutboxRelay relay;
    private final EventSource events;

    /** An attempt's start: its backup id, and the commit of its {@code BackupStarted}, which may still be under way. */
    public record Started(String backupId, CompletableFuture<Void> recording) {
    }

    public BackupJournal(Outbox outbox, OutboxRelay relay, EventSource events) {
        this.outbox = outbox;
        this.relay = relay;
        this.events = events;
    }

    /** Records the start on a worker thread and returns at once; {@link #completed} and {@link #failed} wait for it. */
    public Started started(BackupRequestRecord request, String backupId, Instant startedAt) {
        return new Started(backupId, CompletableFuture.runAsync(() -> recordStart(request, backupId, startedAt),
                Infrastructure.getDefaultWorkerPool()));
    }

    private void recordStart(BackupRequestRecord request, String backupId, Instant startedAt) {
        BackupStarted started = new BackupStarted(request.requestId, backupId, request.databaseId,
                BackupTrigger.valueOf(request.trigger), request.attempt, startedAt);
        // published on another thread: the dump need not wait for Kafka's acknowledgement (the relay keeps the order)
        ReactiveSessions.await(() -> Panache.withTransaction(() -> BackupRequestRecord.update(
                        "backupId = ?1 where requestId = ?2 and attempt = ?3 and status = ?4", backupId, request.requestId,
                        request.attempt, BackupRequestRecord.Status.RUNNING)
                .chain(updated -> owned(updated, request))
                .chain(() -> outbox.add(CloudEvent.of(events.source(), request.correlationId, started)))));
        relay.publishSoon();
    }

    public void completed(BackupRequestRecord request, Started started, BackupManifest manifest, String manifestKey, String manifestText) {
        started.recording().join(); // a start that could not be recorded fails the completion too: the backup is retried
        BackupEntry entry = BackupEntry.of(manifest, manifestKey, manifestText);
        BackupCompleted completed = new BackupCompleted(request.requestId, manifest.backupId(), manifest.databaseId(),
                manifest.trigger(), manifest.archiveKey(), manifestKey, manifest.sizeBytes(), manifest.sha256(),
                manifest.compression(), manifest.encrypted(), manifest.encrypted() ? manifest.encryption().keyId() : null,
                entry.durationMs, manifest.tableRowCounts(), manifest.serverVersion(), manifest.startedAt(), manifest.completedAt());
        await(() -> Panache.withTransaction(() -> BackupRequestRecord.update("status = ?1, finishedAt = ?2, lastErrorCode = null,"
                                + " lastError = null where requestId = ?3 and attempt = ?4 and status = ?5", BackupRequestRecord.Status.COMPLETED,
                        manifest.completedAt(), request.requestId, request.attempt, BackupRequestRecord.Status.RUNNING)
                .chain(updated -> owned(updated, request))
                .chain(() -> entry.persist())
                .chain(() -> outbox.add(CloudEvent.of(events.source(), request.correlationId, completed)))));
    }

    /** Whether the catalog holds the backup: after a completion whose outcome is unknown (its acknowledgement lost). */
    public boolean catalogued(String backupId) {
        return ReactiveSessions.await(() -> Panache.withSession(() -> BackupEntry.<BackupEntry>findById(backupId))) != null;
    }

    /** Goes on when the attempt's update changed its request (it still owns it), else fails its transaction. */
    private static Uni<Void> owned(int updated, BackupRequestRecord request) {
        return updated == 1 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new SupersededAttemptException(request.requestId, request.attempt));
    }

    /**
     * @param started null when the attempt failed before it started (no backup id yet)
     * @param retryIn null when no further attempt follows
     */
    public void failed(BackupRequestRecord request, Started started, BackupFailure failure, Duration retryIn) {
        String backupId = null;
        if (started != null) {
            backupId = started.backupId();
            try {
                started.recording().join();
            } catch (CompletionException | CancellationException e) {
                LOG.debugf("The start of request %s was not recorded either: %s", request.requestId, e.getMessage());
            }
        }
        Instant now = Instant.now();
        boolean retrying = retryIn != null;
        BackupFailed failed = new BackupFailed(request.requestId, backupId, request.databaseId, BackupTrigger.valueOf(request.trigger),
                failure.code().name(), failure.getMessage(), Math.max(1, request.attempt), retrying);
        await(() -> Panache.withTransaction(() -> BackupRequestRecord.update(
                        "status = ?1, nextAttemptAt = ?2, finishedAt = ?3, lastErrorCode = ?4, lastError = ?5 where requestId = ?6"
                                + " and attempt = ?7 and status = ?8",
                        retrying ? BackupRequestRecord.Status.RETRYING : BackupRequestRecord.Status.FAILED,
                        retrying ? now.plus(retryIn) : null, retrying ? null : now,
                        failure.code().name(), failure.getMessage(), request.requestId, request.attempt, BackupRequestRecord.Status.RUNNING)
                .chain(updated -> owned(updated, request))
                .chain(() -> outbox.add(CloudEvent.of(events.source(), request.correlationId, failed)))));
    }

    /** Commits, then publishes at once (the relay's schedule is the safety net). */
    private <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        T result = ReactiveSessions.await(work);
        relay.publishPendingQuietly();
        return result;
    }
}
