package dev.lifeboat.verifier.verification;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.service.api.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.lifeboat.service.reactive.ReactiveSessions.await;

/** Completed backups, each verified once, and what their verifications found. */
@ApplicationScoped
public class VerificationQueue {

    /** Records a completed backup for verification; a backup already recorded is left as it is. */
    public Uni<Void> enqueue(CloudEvent<BackupCompleted> event) {
        return enqueue(event.data(), event.correlationId());
    }

    /** Records a completed backup of the flow {@code correlationId} for verification; one already recorded is left as it is. */
    public Uni<Void> enqueue(BackupCompleted backup, String correlationId) {
        return Panache.withTransaction(() -> BackupVerification.<BackupVerification>findById(backup.backupId())
                .onItem().ifNull().switchTo(() -> {
                    BackupVerification row = new BackupVerification();
                    row.backupId = backup.backupId();
                    row.databaseId = backup.databaseId();
                    row.objectKey = backup.objectKey();
                    row.manifestKey = backup.manifestKey();
                    row.sha256 = backup.sha256();
                    row.sizeBytes = backup.sizeBytes();
                    row.correlationId = correlationId;
                    row.completedAt = backup.completedAt();
                    row.receivedAt = Instant.now();
                    row.status = BackupVerification.PENDING;
                    return row.persist();
                })
                .replaceWithVoid());
    }

    /** An expired or deleted backup is no longer verified, scrubbed, or counted as fresh. */
    public Uni<Void> gone(String backupId) {
        return Panache.withTransaction(() -> BackupVerification.update("status = ?1 where backupId = ?2", BackupVerification.GONE, backupId))
                .replaceWithVoid();
    }

    /**
     * An undeleted backup is verified again from the start: its objects were kept, but not watched, while it was deleted.
     * A backup this queue never heard of is left to the bucket's listing.
     */
    public Uni<Void> reopen(String backupId) {
        return Panache.withTransaction(() -> BackupVerification.update("status = ?1, attempts = 0, retryAt = null, check = null, details = null,"
                + " verifiedAt = null where backupId = ?2 and status = ?3", BackupVerification.PENDING, backupId, BackupVerification.GONE))
                .replaceWithVoid();
    }

    /** One page of verifications, newest first, optionally of one database and in one status, and how many match. */
    public Uni<Page<BackupVerification>> list(String databaseId, String status, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        if (databaseId != null) {
            query.append(" and databaseId = :databaseId");
        }
        if (status != null) {
            query.append(" and status = :status");
        }
        Parameters parameters = new Parameters();
        if (databaseId != null) {
            parameters.and("databaseId", databaseId);
        }
        if (status != null) {
            parameters.and("status", status);
        }
        return Panache.withSession(() -> {
            var found = BackupVerification.<BackupVerification>find(query + " order by receivedAt desc", parameters);
            return found.page(page, size).list().flatMap(rows -> found.count().map(total -> new Page<>(rows, page, size, total)));
        });
    }

    /** Since when the oldest pending verification waits, or null when none does. */
    public Uni<Instant> oldestPendingSince() {
        return Panache.withSession(() -> BackupVerification.<BackupVerification>find("status = ?1 order by receivedAt", BackupVerification.PENDING)
                .firstResult())
                .map(row -> row == null ? null : row.receivedAt);
    }

    // --- blocking, for the worker threads ---------------------------------------------------

    /** Takes the oldest pending verification that is due (status becomes RUNNING, so no other replica takes it). */
    public Optional<BackupVerification> claimNext() {
        return Optional.ofNullable(await(() -> Panache.withTransaction(() -> BackupVerification.<BackupVerification>find(
                        "status = ?1 and (retryAt is null or retryAt <= ?2) order by receivedAt", BackupVerification.PENDING, Instant.now())
                .page(0, 1).firstResult()
                .flatMap(row -> row == null ? Uni.createFrom().nullItem()
                        : BackupVerification.update("status = 'RUNNING' where backupId = ?1 and status = ?2", row.backupId, BackupVerification.PENDING)
                        .map(updated -> updated == 1 ? row : null)))));
    }

    /** Back in the queue, not claimed before {@code wait} has passed; the backups behind it go first meanwhile. */
    public void retryLater(String backupId, java.time.Duration wait) {
        update(backupId, row -> {
            row.status = BackupVerification.PENDING;
            row.attempts++;
            row.retryAt = Instant.now().plus(wait);
        });
    }

    public void requeueRunning() {
        await(() -> Panache.withTransaction(() -> BackupVerification.update("status = ?1 where status = 'RUNNING'", BackupVerification.PENDING)));
    }

    public void update(String backupId, Consumer<BackupVerification> change) {
        await(() -> Panache.withTransaction(() -> BackupVerification.<BackupVerification>findById(backupId)
                .invoke(change).replaceWithVoid()));
    }

    /** The id of every backup this queue has heard of, gone ones included. */
    public java.util.Set<String> knownIds() {
        return java.util.Set.copyOf(await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createQuery("select v.backupId from BackupVerification v", String.class).getResultList()))));
    }

    /** The newest passed backup of a database, if any. */
    public Optional<BackupVerification> newestPassed(String databaseId) {
        return Optional.ofNullable(await(() -> Panache.withSession(() -> BackupVerification.<BackupVerification>find(
                "databaseId = ?1 and status = ?2 order by completedAt desc", databaseId, BackupVerification.PASSED).firstResult())));
    }

    /** Passed or failed backups, the longest unchecked first: what a scrub reads. */
    public List<BackupVerification> scrubOrder(int limit) {
        return await(() -> Panache.withSession(() -> BackupVerification.<BackupVerification>find(
                "status in (?1, ?2) order by lastCheckedAt asc nulls first, completedAt asc", BackupVerification.PASSED, BackupVerification.FAILED)
                .page(0, limit).list()));
    }

    /**
     * Passed backups with no copy in the second bucket yet, the oldest first; with {@code failedLast}, those whose last
     * try failed after the others, so that backups that keep failing do not hold up the rest.
     */
    public List<BackupVerification> notCopied(int limit, boolean failedLast) {
        String order = failedLast ? "case when copyFailure is null then 0 else 1 end, completedAt asc" : "completedAt asc";
        return await(() -> Panache.withSession(() -> BackupVerification.<BackupVerification>find(
                "status = ?1 and copiedAt is null order by " + order, BackupVerification.PASSED).page(0, limit).list()));
    }
}
