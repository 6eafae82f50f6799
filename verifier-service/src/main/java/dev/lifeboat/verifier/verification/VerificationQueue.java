package dev.lifeboat.verifier.verification;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.envelope.CloudEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Completed backups queued for verification, each once. */
@ApplicationScoped
public class VerificationQueue {

    public Uni<Void> enqueue(CloudEvent<BackupCompleted> event) {
        BackupCompleted backup = event.data();
        return Panache.withTransaction(() -> PendingVerification.<PendingVerification>findById(backup.backupId())
                .onItem().ifNull().switchTo(() -> {
                    PendingVerification row = new PendingVerification();
                    row.backupId = backup.backupId();
                    row.databaseId = backup.databaseId();
                    row.objectKey = backup.objectKey();
                    row.sha256 = backup.sha256();
                    row.sizeBytes = backup.sizeBytes();
                    row.correlationId = event.correlationId();
                    row.receivedAt = Instant.now();
                    row.status = "PENDING";
                    return row.persist();
                })
                .replaceWithVoid());
    }

    public Uni<List<PendingVerification>> list(String databaseId, int limit) {
        return Panache.withSession(() -> (databaseId == null
                ? PendingVerification.<PendingVerification>find("order by receivedAt desc")
                : PendingVerification.<PendingVerification>find("databaseId = ?1 order by receivedAt desc", databaseId))
                .page(0, limit).list());
    }

    /** Since when the oldest pending verification waits, or null when none does. */
    public Uni<Instant> oldestPendingSince() {
        return Panache.withSession(() -> PendingVerification.<PendingVerification>find("status = 'PENDING' order by receivedAt").firstResult())
                .map(row -> row == null ? null : row.receivedAt);
    }
}
