package dev.lifeboat.backup.retention;

import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.catalog.BackupEntry;
import dev.lifeboat.backup.catalog.BackupRemoval;
import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Expires what retention no longer keeps, for every registered database: deletes it (kept, undeletable, until
 * {@code lifeboat.backup.deleted-kept-for} has passed) and emits {@code BackupExpired}; purges the deleted backups whose
 * time to be kept has passed. A database's newest good backup is never expired, nor the backup its point-in-time window
 * starts from; then the change segments its window no longer needs are deleted ({@link ChangeRetention}).
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    private final DatabaseRegistry registry;
    private final BackupCatalog catalog;
    private final RetentionPreview preview;
    private final BackupRemoval removal;
    private final ChangeRetention changes;
    private final Duration staleAfter;

    public RetentionSweep(DatabaseRegistry registry, BackupCatalog catalog, RetentionPreview preview, BackupRemoval removal,
                          ChangeRetention changes, BackupConfig config) {
        this.staleAfter = config.staleAfter();
        this.changes = changes;
        this.registry = registry;
        this.catalog = catalog;
        this.preview = preview;
        this.removal = removal;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.retention-sweep}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweepAll() throws Throwable {
        for (RegisteredDatabase database : VertxContextSupport.subscribeAndAwait(registry::all)) {
            try {
                sweep(database);
                changes.sweep(database);
            } catch (Throwable e) {
                LOG.warnf("Retention of %s stopped early; the next sweep goes on: %s", database.id, e.getMessage());
            }
        }
        purgeDue(null); // the deleted backups of databases no longer registered too
    }

    /** Purges the deleted backups (of one database, or of all when null) whose time to be kept has passed. */
    private void purgeDue(String databaseId) throws Throwable {
        int purged = 0;
        for (BackupEntry due : VertxContextSupport.subscribeAndAwait(() -> catalog.purgeDue(databaseId, Instant.now()))) {
            purged += removal.purge(due) ? 1 : 0;
        }
        if (purged > 0) {
            LOG.infof("Purged %d deleted backups%s: their time to be kept (lifeboat.backup.deleted-kept-for) had passed", purged,
                    databaseId == null ? "" : " of " + databaseId);
        }
    }

    /** @return how many backups expired (removals cut short and finished here not counted) */
    public int sweep(RegisteredDatabase database) throws Throwable {
        Instant cutShortBefore = Instant.now().minus(staleAfter);
        for (BackupEntry cutShort : VertxContextSupport.subscribeAndAwait(() -> catalog.removalsCutShort(database.id, cutShortBefore))) {
            removal.finishCutShort(cutShort);
        }
        purgeDue(database.id);
        List<BackupEntry> backups = VertxContextSupport.subscribeAndAwait(() -> catalog.ofDatabase(database.id));
        RetentionPlanner.Plan plan = preview.planFor(database, backups);
        List<RetentionPlanner.Decision> expired = plan.expired();
        if (expired.isEmpty()) {
            return 0;
        }
        Map<String, BackupEntry> entries = backups.stream().collect(Collectors.toMap(entry -> entry.backupId, Function.identity()));
        int removed = 0;
        for (RetentionPlanner.Decision decision : expired) {
            if (removal.expire(entries.get(decision.backupId()), plan.policy()) == BackupRemoval.Outcome.REMOVED) {
                removed++;
            }
        }
        LOG.infof("Retention expired %d backups of %s (%s)", removed, database.id, plan.policy());
        return removed;
    }
}
