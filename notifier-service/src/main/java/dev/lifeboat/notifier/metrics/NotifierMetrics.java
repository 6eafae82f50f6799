package dev.lifeboat.notifier.metrics;

import dev.lifeboat.notifier.config.NotifierConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code lifeboat_notifier_attempts_total{channel,outcome}} (outcome: sent, retrying, failed) and
 * {@code lifeboat_notifier_delivery_latency_seconds{channel}}: from the event to its notification sent. Each configured
 * channel's attempt series are there at zero from the start, so that the first failure is an increase an alert sees.
 */
@ApplicationScoped
public class NotifierMetrics {

    /** The {@code outcome} tag of an attempt: sent, retrying (PENDING again) or failed (given up). */
    static final List<String> OUTCOMES = List.of("sent", "retrying", "failed");

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry, NotifierConfig config) {
        this.registry = registry;
        config.channels().keySet().forEach(channel -> OUTCOMES.forEach(outcome -> attempts(channel, outcome)));
    }

    /** @param status the delivery's status after the attempt: SENT, PENDING (retrying) or another (FAILED …) */
    public void attempted(String channel, String status, Instant occurredAt, Instant now) {
        String outcome = switch (status) {
            case "SENT" -> "sent";
            case "PENDING" -> "retrying";
            default -> status.toLowerCase(Locale.ROOT);
        };
        attempts(channel, outcome).increment();
        if ("SENT".equals(status)) {
            Timer.builder("lifeboat.notifier.delivery.latency").description("From the event to its notification sent")
                    .tags("channel", channel).publishPercentileHistogram().register(registry)
                    .record(Duration.between(occurredAt, now).isNegative() ? Duration.ZERO : Duration.between(occurredAt, now));
        }
    }

    private Counter attempts(String channel, String outcome) {
        return Counter.builder("lifeboat.notifier.attempts").description("Delivery attempts by channel and outcome")
                .tags("channel", channel, "outcome", outcome).register(registry);
    }
}
