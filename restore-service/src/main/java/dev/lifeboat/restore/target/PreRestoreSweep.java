package dev.lifeboat.restore.target;

import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/** Drops the databases IN_PLACE restores set aside, once {@code lifeboat.restore.keep-pre-restore} has passed. */
@ApplicationScoped
public class PreRestoreSweep {

    private static final Logger LOG = Logger.getLogger(PreRestoreSweep.class);

    private final TargetServers targets;

    public PreRestoreSweep(TargetServers targets) {
        this.targets = targets;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.pre-restore-sweep:10m}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() throws Throwable {
        Instant now = Instant.now();
        List<PreRestoreDatabase> due = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                PreRestoreDatabase.<PreRestoreDatabase>list("droppedAt is null and dropAfter <= ?1", now)));
        for (PreRestoreDatabase aside : due) {
            try (ServerDatabases databases = ServerDatabases.on(targets.of(aside.databaseId), RestoreStep.CLEANUP)) {
                databases.drop(aside.databaseName, RestoreStep.CLEANUP);
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                        PreRestoreDatabase.update("droppedAt = ?1 where databaseName = ?2", Instant.now(), aside.databaseName)));
                LOG.infof("Dropped %s, set aside by restore %s on %s", aside.databaseName, aside.restoreId, aside.createdAt);
            } catch (RestoreFailure e) {
                LOG.warnf("Could not drop %s yet: %s", aside.databaseName, e.getMessage());
            }
        }
    }
}
