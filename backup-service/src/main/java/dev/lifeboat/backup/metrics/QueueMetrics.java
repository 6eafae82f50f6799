package dev.lifeboat.backup.metrics;

import dev.lifeboat.backup.intake.BackupRequestQueue;
import dev.lifeboat.backup.intake.QueueListing;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backup queue, as Prometheus shows it: {@code lifeboat_queue_waiting_backups} and {@code lifeboat_queue_running_backups}
 * per server ({@code host:port}; every server with a registered database, zero when idle; a server with none has no series), {@code lifeboat_queue_oldest_wait_seconds} (how long the request waiting longest has
 * been due), set from the queue every {@code lifeboat.tasks.queue-gauges} (every replica shows the same queue: take the
 * max across replicas), and {@code lifeboat_queue_wait_seconds}, a histogram of how long each started attempt was due
 * before a replica took it.
 */
@ApplicationScoped
public class QueueMetrics {

    private static final String SERVER = "server";
    private static final String WAITING = "lifeboat.queue.waiting.backups";
    private static final String RUNNING = "lifeboat.queue.running.backups";

    private final MeterRegistry registry;
    private final BackupRequestQueue queue;
    private final Map<String, AtomicLong> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> running = new ConcurrentHashMap<>();
    private final AtomicLong oldestWait = new AtomicLong();
    private final Timer waits;

    public QueueMetrics(MeterRegistry registry, BackupRequestQueue queue) {
        this.registry = registry;
        this.queue = queue;
        Gauge.builder("lifeboat.queue.oldest.wait.seconds", oldestWait, AtomicLong::get)
                .description("How long the backup request waiting longest has been due").register(registry);
        this.waits = Timer.builder("lifeboat.queue.wait").description("How long a backup attempt was due before a replica started it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(6))
                .register(registry);
    }

    /** An attempt started after being due this long. */
    public void started(Duration waited) {
        waits.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.queue-gauges}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() throws Throwable {
        show(VertxContextSupport.subscribeAndAwait(() -> queue.waiting(Instant.now())));
    }

    synchronized void show(QueueListing listing) {
        listing.servers().forEach((server, load) -> {
            gauge(waiting, WAITING, "Backup requests waiting, by their database's server", server).set(load.waiting());
            gauge(running, RUNNING, "Backups running, by their database's server", server).set(load.running());
        });
        forget(waiting, WAITING, listing.servers().keySet());
        forget(running, RUNNING, listing.servers().keySet());
        oldestWait.set(listing.waiting().stream().mapToLong(item -> item.waitedFor().toSeconds()).max().orElse(0));
    }

    /** A server no registered database is on loses its series (a database moved or removed leaves none behind). */
    private void forget(Map<String, AtomicLong> values, String name, java.util.Set<String> shown) {
        values.keySet().removeIf(server -> {
            if (shown.contains(server)) {
                return false;
            }
            Gauge gone = registry.find(name).tag(SERVER, server).gauge();
            if (gone != null) {
                registry.remove(gone);
            }
            return true;
        });
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String server) {
        return values.computeIfAbsent(server, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag(SERVER, key).register(registry);
            return value;
        });
    }
}
