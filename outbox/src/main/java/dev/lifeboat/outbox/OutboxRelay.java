package dev.lifeboat.outbox;

import dev.lifeboat.runtime.work.CoalescingRun;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.envelope.InvalidEventException;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import dev.lifeboat.service.stopping.RunsAtStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the outbox in order, awaiting Kafka's acknowledgement of each event before marking it sent.
 * An event whose publication fails stays unsent and is tried again on the next run; a crash between
 * commit and publication only delays it (consumers recognise a repeat by its event id).
 * <p>
 * A send Kafka has not acknowledged within {@link #SEND_TIMEOUT} (the broker is down) is not abandoned: the
 * producer still holds the record and delivers it when the broker is back, so the next run awaits that same send
 * instead of sending the event a second time. Only a send that failed is sent again. So while this process lives, an
 * event reaches its topic once; a crash between Kafka's acknowledgement and the "sent" mark may repeat it.
 * <p>
 * Of a service's replicas, only the one holding the {@link RelayLease} publishes (each relay claims it before every
 * event, renewing it at most every {@link RelayLease#RENEWED_FOR}): two relays reading the same pending rows would
 * otherwise both send them. A replica that stops releases
 * the lease; one that dies holds it until it runs out ({@link RelayLease#TERM}), and the events wait that long.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final MutinyEmitter<CloudEvent<?>> kafka;
    private final EventCodec codec = new EventCodec();
    private final CoalescingRun publishing = new CoalescingRun(this::publishBatch);
    /** Sends not yet known to have failed, by outbox sequence number: awaited again rather than repeated. */
    private final Map<Long, CompletableFuture<Void>> sends = new ConcurrentHashMap<>();
    private final RelayLease.Claims lease = new RelayLease.Claims();

    private final Vertx vertx;
    /** Asked before each event: once the service stops, a run ends after the event it is sending. */
    private final RunsAtStop stops;

    public OutboxRelay(@Channel("lifeboat-events-out") MutinyEmitter<CloudEvent<?>> kafka, Vertx vertx, RunsAtStop stops) {
        this.kafka = kafka;
        this.vertx = vertx;
        this.stops = stops;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.outbox-relay:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void relay() throws Throwable {
        publishPending();
    }

    /**
     * At shutdown, before the database pool closes: the run in flight ends (up to 5 s), then the lease goes. A run cut
     * off by the pool's closing logged errors ("Error Occurred After Shutdown") on a clean stop.
     */
    void releaseLease(@Observes ShutdownEvent shutdown) {
        try {
            if (!publishing.awaitIdle(java.time.Duration.ofSeconds(5))) {
                LOG.debug("An outbox relay run still goes on at shutdown; what it has not published stays pending");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.debugf("Releasing the outbox relay's lease at shutdown failed; it runs out by itself: %s", e.getMessage());
        }
    }

    /**
     * Publishes what is pending now. Called by the schedule and, for low latency, right after a commit that
     * added events; if a run is already going on this returns at once and that run goes round once more.
     */
    public void publishPending() throws Throwable {
        publishing.request();
    }

    /** As {@link #publishPending()}, logging instead of throwing: the schedule retries anyway. */
    public void publishPendingQuietly() {
        try {
            publishPending();
        } catch (Throwable e) {
            LOG.debugf("Publishing the outbox now failed; the next scheduled run retries: %s", e.getMessage());
        }
    }

    /**
     * As {@link #publishPendingQuietly()}, on a worker thread: the caller does not wait for Kafka. The run gets a Vert.x
     * context of its own, so its database session never shares the caller's (a caller inside a reactive transaction
     * had its connection closed under it: "HR000090: Live transaction detected while closing the connection").
     */
    public void publishSoon() {
        VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()).executeBlocking(() -> {
            publishPendingQuietly();
            return null;
        }, false);
    }

    private void publishBatch() throws Throwable {
        if (stops.stopping()) {
            return; // the service stops: what is pending is published by the next start, or by another replica
        }
        if (!lease.claim()) {
            return;
        }
        List<OutboxEntry> pending = ReactiveSessions.await(() -> Panache.withSession(() ->
                OutboxEntry.<OutboxEntry>find("sentAt is null and rejected is null order by seq").page(0, BATCH).list()));
        for (OutboxEntry entry : pending) {
            if (stops.stopping() || !lease.claim()) {
                return;
            }
            try {
                publish(entry);
            } catch (InvalidEventException never) {
                // no retry can publish it: set it aside with the reason, so it holds up no event after it
                LOG.errorf("Event %s %s can never be published to %s, set aside in the outbox (column rejected): %s",
                        entry.type, entry.eventId, entry.topic, never.getMessage());
                Long seq = entry.seq;
                String reason = never.getMessage();
                ReactiveSessions.await(() -> Panache.withTransaction(() ->
                        OutboxEntry.update("rejected = ?1 where seq = ?2", reason, seq)));
                sends.remove(seq);
                continue;
            } catch (RuntimeException e) {
                LOG.warnf("Publishing %s %s to %s failed; it stays in the outbox for the next run: %s",
                        entry.type, entry.eventId, entry.topic, e.getMessage());
                return;
            }
            Long seq = entry.seq;
            ReactiveSessions.await(() -> Panache.withTransaction(() ->
                    OutboxEntry.update("sentAt = ?1 where seq = ?2", Instant.now(), seq)));
            sends.remove(seq);
        }
    }

    private void publish(OutboxEntry entry) {
        CompletableFuture<Void> acknowledged = sends.compute(entry.seq,
                (seq, earlier) -> earlier == null || earlier.isCompletedExceptionally() ? send(entry) : earlier);
        try {
            acknowledged.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka has not acknowledged it within " + SEND_TIMEOUT.toSeconds()
                    + " s; the send goes on, and the next run awaits it rather than sending again");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting Kafka", e);
        }
    }

    private CompletableFuture<Void> send(OutboxEntry entry) {
        CloudEvent<?> event = codec.decode(new RecordHeaders(), entry.payload.getBytes(StandardCharsets.UTF_8));
        Message<CloudEvent<?>> message = Message.<CloudEvent<?>>of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withTopic(entry.topic).withKey(entry.recordKey).build());
        return kafka.sendMessage(message).subscribeAsCompletionStage();
    }
}
