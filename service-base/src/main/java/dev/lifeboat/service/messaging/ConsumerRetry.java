package dev.lifeboat.service.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one retry policy of every Kafka consumer: the effect of a record (a row written, a request recorded)
 * that fails is tried again with exponential back-off, never in a tight loop. A failure that is an outage of the
 * service's own database ({@link DatabaseOutage}) is retried until the database is back, however long that takes:
 * the record waits, counted by the gauge {@code lifeboat_consumer_waiting}, and no valid message is dead-lettered
 * for an outage. Any other failure goes, after the last retry, to the channel's failure strategy (the dead-letter
 * topic). Set under {@code lifeboat.consumer-retry.*}.
 */
@ApplicationScoped
public class ConsumerRetry {

    /** The policy's settings. */
    @ConfigMapping(prefix = "lifeboat.consumer-retry")
    public interface Settings {

        /** Wait before the first retry; each further one doubles it, up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** The longest wait between two attempts. */
        @WithDefault("5s")
        Duration maxBackoff();

        /**
         * Attempts after the first for a failure that is not an outage of the database (an outage is retried until
         * it ends); 0 retries every failure until it succeeds (the audit log, which must not skip a message).
         */
        @WithDefault("5")
        int maxRetries();
    }

    /** The gauge of records whose effect waits for the service's database to come back. */
    public static final String WAITING_GAUGE = "lifeboat.consumer.waiting";

    private static final Logger LOG = Logger.getLogger(ConsumerRetry.class);

    private final Settings settings;
    private final AtomicInteger waiting = new AtomicInteger();

    public ConsumerRetry(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        Gauge.builder(WAITING_GAUGE, waiting, AtomicInteger::get)
                .description("Kafka records whose effect waits for this service's own database to come back (0: none)")
                .register(registry);
    }

    /**
     * The wait before attempt {@code failures + 1} of work that is retried outside a consumer (a queued job whose
     * storage is down): the same doubling back-off, never more than {@link Settings#maxBackoff()}.
     */
    public Duration backoff(int failures) {
        Duration wait = settings.initialBackoff().multipliedBy(1L << Math.min(Math.max(failures, 0), 20));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    /** {@code effect}, retried on failure by this policy. */
    public <T> Uni<T> retrying(Uni<T> effect) {
        AtomicInteger otherFailures = new AtomicInteger();
        AtomicBoolean waitingForDatabase = new AtomicBoolean();
        return effect
                .onFailure().invoke(failure -> {
                    if (!DatabaseOutage.isOutage(failure)) {
                        otherFailures.incrementAndGet();
                        if (waitingForDatabase.getAndSet(false)) {
                            waiting.decrementAndGet();
                        }
                    } else if (waitingForDatabase.compareAndSet(false, true)) {
                        waiting.incrementAndGet();
                        LOG.warnf("A record waits for this service's database, retried until it is back: %s", failure);
                    }
                })
                .onFailure(failure -> DatabaseOutage.isOutage(failure) || settings.maxRetries() == 0
                        || otherFailures.get() <= settings.maxRetries())
                .retry().withBackOff(settings.initialBackoff(), settings.maxBackoff()).indefinitely()
                .onTermination().invoke(() -> {
                    if (waitingForDatabase.getAndSet(false)) {
                        waiting.decrementAndGet();
                    }
                });
    }

    /** How many records wait now for the service's database to come back. */
    public int waiting() {
        return waiting.get();
    }
}
