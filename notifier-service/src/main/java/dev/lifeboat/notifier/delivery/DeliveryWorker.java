package dev.lifeboat.notifier.delivery;

import static dev.lifeboat.service.reactive.ReactiveSessions.await;

import dev.lifeboat.notifier.channel.Channels;
import dev.lifeboat.notifier.channel.SendOutcome;
import dev.lifeboat.notifier.config.NotifierConfig;
import dev.lifeboat.notifier.message.DigestMessages;
import dev.lifeboat.notifier.message.Message;
import dev.lifeboat.notifier.message.MessageJson;
import dev.lifeboat.notifier.metrics.NotifierMetrics;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import dev.lifeboat.service.stopping.RunsAtStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Sends due deliveries, one at a time, on the scheduler's worker thread (HTTP and SMTP block). Each
 * attempt's outcome is recorded before the next: sent; retried with exponential backoff (a 429's
 * Retry-After wins); or, after the configured attempts or a refusal no retry can mend, failed. Sent and
 * failed deliveries are then announced ({@code NotificationSent}, {@code NotificationFailed}) and marked
 * so, so an announcement lost to a Kafka outage is made on a later pass. A delivery in flight when the
 * service dies is sent again after the restart (at least once; the webhook's delivery id lets a
 * receiver drop the repeat).
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int BATCH = 50;

    private final Channels channels;
    private final NotificationEvents events;
    private final NotifierMetrics metrics;
    private final NotifierConfig config;
    private final Clock clock;
    private final RunsAtStop stops;

    public DeliveryWorker(Channels channels, NotificationEvents events, NotifierMetrics metrics, NotifierConfig config, Clock clock,
                          RunsAtStop stops) {
        this.stops = stops;
        this.channels = channels;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.delivery-poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (config.delivery().paused()) {
            return;
        }
        List<Delivery> due = await(() -> Panache.withSession(() -> Delivery.<Delivery>find(
                "status = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt", Delivery.Status.PENDING, clock.instant())
                .page(0, BATCH).list()));
        for (Delivery delivery : due) {
            if (stops.stopping()) {
                return; // the rest stay due: the next start sends them
            }
            attempt(delivery);
        }
        announce();
    }

    private void attempt(Delivery delivery) {
        Message message;
        try {
            message = delivery.kind == Delivery.Kind.DIGEST ? digestMessage(delivery) : MessageJson.read(delivery.message);
        } catch (RuntimeException e) {
            record(delivery, new SendOutcome.Refused("the stored message cannot be read: " + e.getMessage()));
            return;
        }
        SendOutcome outcome = channels.send(delivery.channel, delivery.id, message, List.of(delivery.recipients));
        record(delivery, outcome);
    }

    private Message digestMessage(Delivery digest) {
        String firstId = digest.eventId.substring("digest-".length());
        Delivery first = await(() -> Panache.withSession(() -> Delivery.<Delivery>findById(firstId)));
        List<Delivery> collapsed = await(() -> Panache.withSession(() -> Delivery.<Delivery>list(
                "digestId = ?1 order by createdAt", digest.id)));
        return DigestMessages.of(MessageJson.read(first.message), collapsed.stream().map(row -> MessageJson.read(row.message)).toList(),
                config.digest().window(), digest.nextAttemptAt);
    }

    private void record(Delivery planned, SendOutcome outcome) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int attempts = planned.attempts + 1;
        Delivery.Status status;
        Instant next = null;
        String error = null;
        if (outcome instanceof SendOutcome.Sent) {
            status = Delivery.Status.SENT;
        } else if (outcome instanceof SendOutcome.Refused refused) {
            status = Delivery.Status.FAILED;
            error = refused.reason();
        } else {
            SendOutcome.RetryLater retry = (SendOutcome.RetryLater) outcome;
            error = retry.reason();
            if (attempts >= config.delivery().maxAttempts()) {
                status = Delivery.Status.FAILED;
                error = error + " (gave up after " + attempts + " attempts)";
            } else {
                status = Delivery.Status.PENDING;
                next = now.plus(retry.after() != null ? retry.after() : backoff(attempts));
            }
        }
        Delivery.Status finalStatus = status;
        Instant nextAttempt = next;
        String lastError = error;
        await(() -> Panache.withTransaction(() -> Delivery.update(
                "status = ?1, attempts = ?2, nextAttemptAt = ?3, lastError = ?4, sentAt = ?5 where id = ?6",
                finalStatus, attempts, nextAttempt, lastError, finalStatus == Delivery.Status.SENT ? now : null, planned.id)));
        metrics.attempted(planned.channel, finalStatus.name(), planned.occurredAt, now);
        if (finalStatus == Delivery.Status.PENDING) {
            LOG.infof("Delivery %s to %s (attempt %d) will be retried at %s: %s", planned.id, planned.channel, attempts, nextAttempt, lastError);
        } else if (finalStatus == Delivery.Status.FAILED) {
            LOG.warnf("Delivery %s of %s to %s failed for good: %s", planned.id, planned.eventType, planned.channel, lastError);
        }
    }

    /** {@code initial-backoff} doubled per failed attempt, capped at {@code max-backoff}. */
    Duration backoff(int failedAttempts) {
        Duration delay = config.delivery().initialBackoff().multipliedBy(1L << Math.min(20, failedAttempts - 1));
        return delay.compareTo(config.delivery().maxBackoff()) > 0 ? config.delivery().maxBackoff() : delay;
    }

    private void announce() {
        List<Delivery> finished = await(() -> Panache.withSession(() -> Delivery.<Delivery>find(
                "announced = false and status in ?1 order by createdAt", List.of(Delivery.Status.SENT, Delivery.Status.FAILED))
                .page(0, BATCH).list()));
        for (Delivery delivery : finished) {
            try {
                events.announce(delivery);
            } catch (RuntimeException e) {
                LOG.warnf("Announcing delivery %s failed; the next pass tries again: %s", delivery.id, e.getMessage());
                return;
            }
            await(() -> Panache.withTransaction(() -> Delivery.update("announced = true where id = ?1", delivery.id)));
        }
    }
}
