package dev.lifeboat.verifier.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class VerifierMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final VerifierMetrics metrics = new VerifierMetrics(registry);

    @Test
    void aWatchedDatabaseShowsItsRpoAndEveryCheckAtZeroBeforeItsFirstFailure() {
        metrics.watched("orders", Duration.ofHours(24));

        assertThat(registry.scrape()).contains("lifeboat_verifier_rpo_target_seconds{database=\"orders\",} 86400.0")
                .contains("lifeboat_verifier_failures_total{check=\"RESTORE_TEST\",database=\"orders\",} 0.0")
                .contains("lifeboat_verifier_failures_total{check=\"CHECKSUM\",database=\"orders\",} 0.0");
    }

    @Test
    void aPassedRestoreTestShowsWhenItFinishedAndItsRestoreTimeInSeconds() {
        metrics.restoreTestPassed("orders", Instant.ofEpochSecond(1_700_000_000), Duration.ofMillis(2500));
        metrics.restoreTestDue("orders", Instant.ofEpochSecond(1_699_000_000));

        assertThat(registry.scrape()).contains("lifeboat_verifier_last_verified_restore_timestamp_seconds{database=\"orders\",} 1.7E9")
                .contains("lifeboat_verifier_restore_test_rto_seconds{database=\"orders\",} 2.5")
                .contains("lifeboat_verifier_restore_test_due_timestamp_seconds{database=\"orders\",} 1.699E9");
    }

    @Test
    void aDatabaseNoLongerWatchedLosesEverySeriesAndTheOthersKeepTheirs() {
        metrics.watched("orders", Duration.ofHours(24));
        metrics.rpo("orders", Duration.ofHours(30));
        metrics.watched("gone", Duration.ofHours(1));
        metrics.rpo("gone", Duration.ofHours(5));
        metrics.restoreTestDue("gone", Instant.ofEpochSecond(1_699_000_000));

        metrics.retain(java.util.Set.of("orders"));

        assertThat(registry.scrape()).doesNotContain("database=\"gone\"")
                .contains("lifeboat_verifier_rpo_seconds{database=\"orders\",} 108000.0")
                .contains("lifeboat_verifier_failures_total{check=\"RESTORE_TEST\",database=\"orders\",} 0.0");
        metrics.watched("gone", Duration.ofHours(2));
        assertThat(registry.scrape()).contains("lifeboat_verifier_rpo_target_seconds{database=\"gone\",} 7200.0");
    }
}
