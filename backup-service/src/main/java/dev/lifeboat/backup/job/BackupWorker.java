package dev.lifeboat.backup.job;

import dev.lifeboat.backup.metrics.BackupMetrics;
import dev.lifeboat.backup.metrics.QueueMetrics;
import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.runtime.progress.ProgressReading;
import dev.lifeboat.backup.config.BackupConfig;
import dev.lifeboat.backup.intake.BackupRequestIntake;
import dev.lifeboat.backup.intake.BackupRequestQueue;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.outbox.Outbox;
import dev.lifeboat.outbox.OutboxRelay;
import dev.lifeboat.backup.intake.BackupRequestRecord;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.runtime.work.CoalescingRun;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import dev.lifeboat.service.stopping.RunsAtStop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes due requests from the queue and runs them on this replica's backup threads (at most
 * {@code lifeboat.backup.max-concurrent} at once; the queue keeps each server within its databases'
 * {@code maxConcurrentPerServer} across replicas), and keeps their heartbeats fresh.
 */
@ApplicationScoped
public class BackupWorker {

    private static final Logger LOG = Logger.getLogger(BackupWorker.class);

    private final BackupRequestQueue queue;
    private final BackupJob job;
    private final BackupConfig config;
    private final ExecutorService threads;
    /** The requests running on this replica, by request id: their database and how far they have come. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final CoalescingRun claiming = new CoalescingRun(this::claimWhileThreadsAreFree);

    private final BackupMetrics metrics;
    private final QueueMetrics queueMetrics;
    private final Outbox outbox;
    private final BackupRequestIntake intake;
    private final OutboxRelay relay;
    private final RunsAtStop stops;

    private record Running(String databaseId, int attempt, Progress progress) {
    }

    public BackupWorker(BackupRequestQueue queue, BackupJob job, BackupConfig config, BackupMetrics metrics, QueueMetrics queueMetrics,
                        Outbox outbox, BackupRequestIntake intake, OutboxRelay relay, RunsAtStop stops) {
        this.queue = queue;
        this.stops = stops;
        this.relay = relay;
        this.outbox = outbox;
        this.intake = intake;
        this.metrics = metrics;
        this.queueMetrics = queueMetrics;
        this.job = job;
        this.config = config;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(config.maxConcurrent(), task -> {
            Thread thread = new Thread(task, "backup-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.backup-poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void takeDueRequests() throws Throwable {
        Instant now = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> queue.takeBackAbandoned(now, now.minus(config.staleAfter())));
        claiming.request();
    }

    /**
     * This service's own request (the API's, the capture's): checked as its consumer checks it, recorded with its
     * {@code BackupRequested} in one transaction, and looked for at once, without a round trip through Kafka (the
     * consumer ignores the repeat). Blocking: worker threads only.
     */
    public void takeOwn(CloudEvent<BackupRequested> event) {
        outbox.record(event, () -> intake.record(event));
        // BackupRequested goes out once the claim has run (a small backup's start waited on the publication's queries)
        wakeUp(relay::publishSoon);
    }

    /** A new request arrived: look for due work now rather than at the next tick. */
    public void wakeUp() {
        wakeUp(() -> {
        });
    }

    private void wakeUp(Runnable then) {
        io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                claiming.request();
            } catch (Throwable e) {
                LOG.debugf("Looking for due backups failed; the next tick retries: %s", e.getMessage());
            } finally {
                then.run();
            }
        });
    }

    private void claimWhileThreadsAreFree() throws Throwable {
        // once the service stops, nothing new is claimed: the request waits for the next start or another replica
        while (!stops.stopping() && running.size() < config.maxConcurrent()) {
            Instant now = Instant.now();
            Optional<BackupRequestQueue.Claimed> claimed = VertxContextSupport.subscribeAndAwait(() -> queue.claimNext(now));
            if (claimed.isEmpty()) {
                return;
            }
            BackupRequestRecord request = claimed.get().request();
            RegisteredDatabase database = claimed.get().database();
            if (request.nextAttemptAt != null) {
                queueMetrics.started(Duration.between(request.nextAttemptAt, now));
            }
            Progress progress = new Progress();
            Running work = new Running(request.databaseId, request.attempt, progress);
            running.put(request.requestId, work);
            threads.submit(() -> {
                try {
                    job.run(request, database, progress);
                } finally {
                    running.remove(request.requestId, work); // not a newer attempt of it this replica claimed since
                    metrics.idle(request.databaseId, progress);
                    wakeUp();
                }
            });
        }
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.backup-heartbeat}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() throws Throwable {
        Instant now = Instant.now();
        List<BackupRequestQueue.Alive> alive = new ArrayList<>();
        running.forEach((requestId, work) -> {
            ProgressReading reading = work.progress().read(now);
            alive.add(new BackupRequestQueue.Alive(requestId, work.attempt(), reading));
            if (reading != null) {
                metrics.progress(work.databaseId(), work.progress(), reading);
            }
        });
        VertxContextSupport.subscribeAndAwait(() -> queue.heartbeat(alive, now));
    }

    /** The request ids running in this replica now. */
    public Set<String> running() {
        return Set.copyOf(running.keySet());
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        threads.shutdownNow();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Backups still running at shutdown; another replica takes them over once their heartbeat is stale");
        }
    }
}
