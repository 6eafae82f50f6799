package dev.lifeboat.service.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.groups.UniRetry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The one retry policy of every Kafka consumer: the effect of a record (a row written, a request recorded)
 * that fails is tried again with exponential back-off, never in a tight loop; after the last attempt the
 * failure goes to the channel's failure strategy (the dead-letter topic). Set under {@code lifeboat.consumer-retry.*}.
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

        /** Attempts after the first; 0 retries until it succeeds (the audit log, which must not skip a message). */
        @WithDefault("5")
        int maxRetries();
    }

    private final Settings settings;

    public ConsumerRetry(Settings settings) {
        this.settings = settings;
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
        UniRetry<T> retry = effect.onFailure().retry().withBackOff(settings.initialBackoff(), settings.maxBackoff());
        return settings.maxRetries() == 0 ? retry.indefinitely() : retry.atMost(settings.maxRetries());
    }
}
