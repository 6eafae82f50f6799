package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.runtime.schedule.CronSchedule;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import java.time.Clock;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.verifier.freshness.WatchedDatabase;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires each watched database's restore-test schedule (its own, or the default: the first day of each
 * quarter): when the newest slot at or before now is after the database was first seen and has no test
 * yet, a test is recorded for that slot (once, whichever replica or tick sees it first). A slot missed
 * while the verifier was down fires at the next tick.
 */
@ApplicationScoped
public class RestoreTestScheduler {

    private static final Logger LOG = Logger.getLogger(RestoreTestScheduler.class);

    private final WatchedDatabases watched;
    private final RestoreTests tests;
    private final RestoreTestWorker worker;
    private final VerifierConfig config;
    private final Clock clock;
    private final VerifierMetrics metrics;

    public RestoreTestScheduler(WatchedDatabases watched, RestoreTests tests, RestoreTestWorker worker, VerifierConfig config, Clock clock,
                                VerifierMetrics metrics) {
        this.metrics = metrics;
        this.watched = watched;
        this.tests = tests;
        this.worker = worker;
        this.config = config;
        this.clock = clock;
        CronSchedule.parse(config.restoreTestSchedule());
        config.databases().forEach((id, settings) -> settings.restoreTestSchedule().ifPresent(CronSchedule::parse));
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.restore-test-schedule:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        Instant now = clock.instant();
        boolean fired = false;
        for (WatchedDatabase database : watched.all()) {
            tests.newestPassed(database.databaseId).ifPresent(passed -> metrics.restoreTestPassed(database.databaseId, passed.finishedAt,
                    passed.restoreMs == null ? null : Duration.ofMillis(passed.restoreMs)));
            Optional<Instant> slot = schedule(database.databaseId).lastSlotAtOrBefore(now);
            slot.filter(due -> due.isAfter(database.firstSeenAt)).ifPresent(due -> metrics.restoreTestDue(database.databaseId, due));
            if (slot.isPresent() && slot.get().isAfter(database.firstSeenAt) && tests.schedule(database.databaseId, slot.get(), now)) {
                LOG.infof("Restore test of %s scheduled for its slot %s", database.databaseId, slot.get());
                fired = true;
            }
        }
        if (fired) {
            worker.wakeUp();
        }
    }

    /** A database's restore-test schedule. */
    public CronSchedule schedule(String databaseId) {
        VerifierConfig.DatabaseSettings own = config.databases().get(databaseId);
        return CronSchedule.parse(own == null ? config.restoreTestSchedule() : own.restoreTestSchedule().orElse(config.restoreTestSchedule()));
    }
}
