package dev.lifeboat.restore.job;

import dev.lifeboat.runtime.progress.ProgressReading;
import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.restore.metrics.RestoreMetrics;
import dev.lifeboat.runtime.work.SerialWorker;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.TakenOver;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs recorded restore requests, one at a time per replica, on a thread of its own (pg_restore, S3 and
 * JDBC block). Requests are claimed with a conditional update, so each runs once across replicas; the
 * running one writes a heartbeat, and one whose worker died (on any replica) is ended from its journal by
 * {@link InterruptedRestores}.
 */
@ApplicationScoped
public class RestoreWorker {

    private static final Logger LOG = Logger.getLogger(RestoreWorker.class);

    private final RestoreJournal journal;
    private final RestoreJob job;
    private final RestoreConfig config;
    private final InterruptedRestores interrupted;
    private final RestoreMetrics metrics;
    /** The restore running on this replica, or null. */
    private final AtomicReference<Running> running = new AtomicReference<>();
    /** The attempt this replica's recovery took a stale run over as, while it ends it (a D1 put-back reloads a database). */
    private final AtomicReference<RestoreAttempt> recovering = new AtomicReference<>();

    private record Running(RestoreAttempt attempt, String databaseId, Progress progress) {
    }
    private final SerialWorker worker;

    public RestoreWorker(RestoreJournal journal, RestoreJob job, RestoreConfig config, InterruptedRestores interrupted,
                         RestoreMetrics metrics) {
        this.journal = journal;
        this.metrics = metrics;
        this.interrupted = interrupted;
        this.job = job;
        this.config = config;
        this.worker = new SerialWorker("lifeboat-restore", () -> journal.claimNext().map(request -> () -> run(request)),
                e -> LOG.errorf(e, "The restore worker failed; it tries again at the next poll"));
    }

    /** Looks for work now (called after a request is recorded, and every poll interval). */
    public void wakeUp() {
        worker.wakeUp();
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.restore-poll:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
    }

    /**
     * The running restore's heartbeat. A task of its own: a recovery of another run that waits (on a frozen worker's row
     * lock, sessions that take their time to end, a target out of reach) must not let this replica's own run go stale.
     */
    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.restore-heartbeat:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        RestoreAttempt recovery = recovering.get();
        if (recovery != null && !journal.heartbeat(recovery, null)) {
            LOG.errorf("Restore %s: this replica's recovery no longer owns the run; it stops at its next write", recovery);
        }
        Running now = running.get();
        if (now == null) {
            return;
        }
        ProgressReading reading = now.progress().read(Instant.now());
        if (!journal.heartbeat(now.attempt(), reading)) {
            LOG.errorf("Restore %s: this replica's attempt no longer owns the run (it was taken over while this replica did not "
                    + "answer); it stops at its next write, recording and announcing nothing", now.attempt());
        } else if (reading != null) {
            metrics.progress(now.databaseId(), now.progress(), reading);
        }
    }

    /** Ends the runs whose heartbeat went stale (their worker died or froze, on any replica), as often as heartbeats are written. */
    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.restore-heartbeat:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void endInterrupted() {
        Running now = running.get();
        String current = now == null ? null : now.attempt().restoreId();
        for (RestoreRequestRecord stale : journal.stale(Instant.now().minus(config.staleAfter()))) {
            if (!stale.restoreId.equals(current)) {
                try {
                    interrupted.end(stale, recovering::set);
                } catch (TakenOver takenOver) { // another replica took it over from this recovery: its own recovery ends it
                    LOG.errorf("Restore %s: %s", stale.restoreId, takenOver.getMessage());
                } finally {
                    recovering.set(null);
                }
            }
        }
    }

    private void run(RestoreRequestRecord request) {
        Progress progress = new Progress();
        running.set(new Running(request.owner(), request.databaseId, progress));
        try {
            job.run(request, progress);
        } catch (TakenOver takenOver) {
            LOG.errorf("Restore %s of %s: %s", request.restoreId, request.databaseId, takenOver.getMessage());
            metrics.notRunning(request.databaseId, request.restoreId);
        } finally {
            running.set(null);
            metrics.idle(request.databaseId, progress);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        worker.close();
    }
}
