package dev.lifeboat.verifier.messaging;

import dev.lifeboat.service.messaging.ConsumerRetry;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupUndeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.envelope.CloudEvent;
import java.time.Clock;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import dev.lifeboat.verifier.verification.BackupClaim;
import dev.lifeboat.verifier.verification.VerificationQueue;
import dev.lifeboat.verifier.verification.VerificationWorker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;


/**
 * Reads {@code lifeboat.backup.events} (validated by the channel's {@code EventDeserializer}; invalid
 * messages go to {@code lifeboat.dead-letter}): a completed backup whose claim can be true ({@link BackupClaim})
 * is queued for verification once and its database watched, one whose claim cannot goes to the dead-letter
 * topic with the reason at once (no retry); an expired or deleted one is no longer checked or counted. The message is
 * acknowledged after the row is committed.
 */
@ApplicationScoped
public class BackupEventConsumer {

    private static final Logger LOG = Logger.getLogger(BackupEventConsumer.class);

    private final VerificationQueue queue;
    private final VerificationWorker worker;
    private final WatchedDatabases watched;
    private final Clock clock;

    private final ConsumerRetry retry;

    public BackupEventConsumer(VerificationQueue queue, VerificationWorker worker, WatchedDatabases watched, Clock clock,
                               ConsumerRetry retry) {
        this.queue = queue;
        this.worker = worker;
        this.watched = watched;
        this.clock = clock;
        this.retry = retry;
    }

    @Incoming("backup-events")
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(CloudEvent<?> event) {
        Uni<Void> effect;
        if (event.data() instanceof BackupCompleted completed) {
            var refusal = BackupClaim.refusal(completed);
            if (refusal.isPresent()) {
                LOG.warnf("Refused %s %s: %s", event.type(), event.id(), refusal.get());
                return Uni.createFrom().failure(new IllegalArgumentException(refusal.get()));
            }
            effect = watched.watch(completed.databaseId(), clock.instant())
                    .chain(() -> queue.enqueue((CloudEvent<BackupCompleted>) event))
                    .invoke(worker::wakeUp);
        } else if (event.data() instanceof BackupExpired expired) {
            effect = queue.gone(expired.backupId());
        } else if (event.data() instanceof BackupDeleted deleted) {
            effect = queue.gone(deleted.backupId());
        } else if (event.data() instanceof BackupUndeleted undeleted) {
            effect = queue.reopen(undeleted.backupId()).invoke(worker::wakeUp);
        } else {
            return Uni.createFrom().voidItem();
        }
        return retry.retrying(effect
                .onFailure().invoke(e -> LOG.warnf("Recording %s %s failed: %s", event.type(), event.id(), e)));
    }
}
