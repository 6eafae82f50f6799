package dev.lifeboat.backup.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackupMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BackupMetrics metrics = new BackupMetrics(registry);

    @Test
    void aRegisteredDatabaseHasEveryFailureSeriesAtZeroBeforeItsFirstFailure() {
        metrics.registered(Set.of("orders"));

        assertThat(registry.scrape()).contains("lifeboat_backup_failures_total{code=\"DUMP_FAILED\",database=\"orders\",} 0.0")
                .contains("lifeboat_backup_failures_total{code=\"AUTHENTICATION_FAILED\",database=\"orders\",} 0.0");
        metrics.failed("orders", "DUMP_FAILED");
        assertThat(registry.scrape()).contains("lifeboat_backup_failures_total{code=\"DUMP_FAILED\",database=\"orders\",} 1.0");
    }

    @Test
    void theNewestBackupSetFromTheCatalogShowsAsItsSizeAndCompletionTime() {
        metrics.newest("orders", 2048, Instant.ofEpochSecond(1_700_000_000));

        assertThat(registry.scrape()).contains("lifeboat_backup_size_bytes{database=\"orders\",} 2048.0")
                .contains("lifeboat_backup_last_success_timestamp_seconds{database=\"orders\",} 1.7E9");
    }

    @Test
    void aDatabaseNoLongerRegisteredLosesItsSeriesAndAFailureOfOneNeverRegisteredStays() {
        metrics.registered(Set.of("orders", "shop"));
        metrics.succeeded("shop", Duration.ofSeconds(2), 100, 400, Instant.ofEpochSecond(1_700_000_000));
        metrics.failed("no-such-db", "UNKNOWN_DATABASE");

        metrics.registered(Set.of("orders"));

        assertThat(registry.scrape()).doesNotContain("database=\"shop\"").contains("database=\"orders\"")
                .contains("lifeboat_backup_failures_total{code=\"UNKNOWN_DATABASE\",database=\"no-such-db\",} 1.0");
        metrics.newest("shop", 100, Instant.ofEpochSecond(1_700_000_100));
        assertThat(registry.scrape()).as("registered again, its gauges come back")
                .contains("lifeboat_backup_size_bytes{database=\"shop\",} 100.0");
    }
}
