package dev.lifeboat.notifier.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code lifeboat_notifier_attempts_total{channel,outcome}} (outcome: sent, retrying, failed) and
 * {@code lifeboat_notifier_delivery_latency_seconds{channel}}: from the event to its notification sent.
 */
@ApplicationScoped
public class NotifierMetrics {

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param status the delivery's status after the attempt: SENT, PENDING (retrying) or another (FAILED …) */
    public void attempted(String channel, String status, Instant occurredAt, Instant now) {
        String outcome = switch (status) {
            case "SENT" -> "sent";
            case "PENDING" -> "retrying";
            default -> status.toLowerCase(Locale.ROOT);
        };
        Counter.builder("lifeboat.notifier.attempts").description("Delivery attempts by channel and outcome")
                .tags("channel", channel, "outcome", outcome).register(registry).increment();
        if ("SENT".equals(status)) {
            Timer.builder("lifeboat.notifier.delivery.latency").description("From the event to its notification sent")
                    .tags("channel", channel).publishPercentileHistogram().register(registry)
                    .record(Duration.between(occurredAt, now).isNegative() ? Duration.ZERO : Duration.between(occurredAt, now));
        }
    }
}
