package dev.lifeboat.restore.metrics;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.runtime.progress.ProgressReading;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RestoreMetrics metrics = new RestoreMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC), Set.of("orders"));

    @Test
    void eachRestoreTargetHasItsOutcomeSeriesAtZeroBeforeItsFirstRestore() {
        assertThat(registry.scrape()).contains("lifeboat_restore_outcomes_total{database=\"orders\",outcome=\"FAILED\",} 0.0")
                .contains("lifeboat_restore_outcomes_total{database=\"orders\",outcome=\"ROLLED_BACK\",} 0.0")
                .contains("lifeboat_restore_outcomes_total{database=\"orders\",outcome=\"COMPLETED\",} 0.0")
                .contains("lifeboat_restore_failures_total{code=\"NONE\",database=\"orders\",step=\"NONE\",} 0.0");
    }

    @Test
    void aRunningRestoreShowsHowLongItHasRunUntilItEnds() {
        metrics.started("orders", "r1", NOW.minusSeconds(90));
        metrics.started("orders", "r2", NOW.minusSeconds(30));
        assertThat(registry.scrape()).contains("lifeboat_restore_running_seconds{database=\"orders\",} 90.0");

        metrics.finished("orders", "r1", "NEW_DATABASE", "ROLLED_BACK", Duration.ofSeconds(90));
        assertThat(registry.scrape()).contains("lifeboat_restore_running_seconds{database=\"orders\",} 30.0")
                .contains("lifeboat_restore_outcomes_total{database=\"orders\",outcome=\"ROLLED_BACK\",} 1.0");

        metrics.finished("orders", "r2", "NEW_DATABASE", "COMPLETED", Duration.ofSeconds(30));
        assertThat(registry.scrape()).contains("lifeboat_restore_running_seconds{database=\"orders\",} 0.0");
    }

    @Test
    void aRunningRestoresProgressIsItsArchiveReadSoFarAndItsSizeUntilItEnds() {
        Progress restore = new Progress();
        metrics.progress("orders", restore, ProgressReading.of(3_000_000, 12_000_000, Duration.ofSeconds(3)));
        assertThat(registry.scrape()).contains("lifeboat_restore_progress_bytes{database=\"orders\",} 3000000.0")
                .contains("lifeboat_restore_progress_expected_bytes{database=\"orders\",} 1.2E7");

        metrics.idle("orders", restore);
        assertThat(registry.scrape()).contains("lifeboat_restore_progress_bytes{database=\"orders\",} 0.0")
                .contains("lifeboat_restore_progress_expected_bytes{database=\"orders\",} 0.0");

        // a heartbeat's reading that arrives after its restore ended is dropped; the next restore's is shown
        metrics.progress("orders", restore, ProgressReading.of(12_000_000, 12_000_000, Duration.ofSeconds(4)));
        assertThat(registry.scrape()).contains("lifeboat_restore_progress_bytes{database=\"orders\",} 0.0");
        metrics.progress("orders", new Progress(), ProgressReading.of(1_000, 2_000, Duration.ofSeconds(1)));
        assertThat(registry.scrape()).contains("lifeboat_restore_progress_bytes{database=\"orders\",} 1000.0");
    }
}
