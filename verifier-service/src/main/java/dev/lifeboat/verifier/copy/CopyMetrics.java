package dev.lifeboat.verifier.copy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The second copies, as this replica sees them: {@code lifeboat_copy_lag_seconds} (how long the oldest verified backup
 * without a copy has waited for one since its verification; 0 when every verified backup has one) and
 * {@code lifeboat_copy_backups_total} by outcome ({@code copied}, {@code failed}), both series there at zero from the
 * start so that the first failure is an increase an alert sees.
 */
@Startup
@ApplicationScoped
public class CopyMetrics {

    private final AtomicLong lagSeconds = new AtomicLong();
    private final Counter copied;
    private final Counter failed;

    public CopyMetrics(MeterRegistry registry) {
        Gauge.builder("lifeboat.copy.lag", lagSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest verified backup without a second copy has waited since its verification").register(registry);
        copied = outcome(registry, "copied");
        failed = outcome(registry, "failed");
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("lifeboat.copy.backups").description("Verified backups copied to the second bucket, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    void lag(Duration waited) {
        lagSeconds.set(Math.max(0, waited.toSeconds()));
    }

    void copied() {
        copied.increment();
    }

    void failed() {
        failed.increment();
    }
}
