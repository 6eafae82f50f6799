package dev.lifeboat.backup.metrics;

import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sets the per-database gauges from the registry and the catalog, at start and every
 * {@code lifeboat.tasks.metrics-refresh}: a restarted replica, or one that did not take the backup itself, shows
 * the same newest backup as the one that did, and alerts on a backup's age hold across restarts.
 */
@ApplicationScoped
public class CatalogGauges {

    private final DatabaseRegistry registry;
    private final BackupCatalog catalog;
    private final BackupMetrics metrics;

    public CatalogGauges(DatabaseRegistry registry, BackupCatalog catalog, BackupMetrics metrics) {
        this.registry = registry;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.metrics-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() throws Throwable {
        List<RegisteredDatabase> databases = VertxContextSupport.subscribeAndAwait(registry::all);
        Set<String> ids = databases.stream().map(database -> database.id).collect(Collectors.toSet());
        metrics.registered(ids);
        for (String id : ids) {
            BackupEntry newest = VertxContextSupport.subscribeAndAwait(() -> catalog.newest(id));
            if (newest != null) {
                metrics.newest(id, newest.sizeBytes, newest.completedAt);
            }
        }
    }
}
