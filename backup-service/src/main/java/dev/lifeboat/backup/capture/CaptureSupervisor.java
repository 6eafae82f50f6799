package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.config.CaptureConfig;
import dev.lifeboat.backup.metrics.CaptureMetrics;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.CaptureSetup;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.runtime.secret.Redaction;
import dev.lifeboat.runtime.secret.SecretReference;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs the capture of every database registered with point-in-time, exactly once across replicas: on each tick a
 * replica claims or renews each database's lease ({@link CaptureLeases}) and runs the captures it holds, each on a thread
 * of its own; a replica that dies stops renewing, and another takes its captures over once their leases run out (the
 * source's slot admits one reader at a time besides). A database removed or turned off has its capture stopped and its
 * slot and publication dropped, so the source keeps no WAL for it.
 */
@ApplicationScoped
public class CaptureSupervisor {

    private static final Logger LOG = Logger.getLogger(CaptureSupervisor.class);

    private final String holder = "capture-" + UUID.randomUUID();
    private final DatabaseRegistry registry;
    private final CaptureLeases leases;
    private final CaptureArchives archives;
    private final SchemaChangeBackups backups;
    private final CaptureMetrics metrics;
    private final CaptureConfig config;
    private final Map<String, CaptureRun> runs = new ConcurrentHashMap<>();
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

    public CaptureSupervisor(DatabaseRegistry registry, CaptureLeases leases, CaptureArchives archives,
                             SchemaChangeBackups backups, CaptureMetrics metrics, CaptureConfig config) {
        this.registry = registry;
        this.leases = leases;
        this.archives = archives;
        this.backups = backups;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(every = "${lifeboat.tasks.capture-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            reconcile(Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Point-in-time captures could not be renewed");
            stopExpired(Instant.now());
        }
    }

    /** The databases whose capture this replica runs now. */
    public Set<String> running() {
        return Set.copyOf(runs.keySet());
    }

    synchronized void reconcile(Instant now) {
        List<RegisteredDatabase> captured = ReactiveSessions.await(registry::all).stream()
                .filter(database -> database.pointInTimeWindowSeconds != null).toList();
        for (RegisteredDatabase database : captured) {
            if (leases.claim(database, holder, now, config.leaseTerm())) {
                heldUntil.put(database.id, now.plus(config.leaseTerm()));
                CaptureRun run = runs.get(database.id);
                if (run != null && !run.reads(database)) {
                    LOG.infof("Capture of %s starts again: its registration now names another source", database.id);
                    stop(database.id);
                    run = null;
                }
                if (run == null) {
                    start(database);
                }
            } else if (runs.containsKey(database.id)) {
                LOG.warnf("Capture of %s is held by another replica now: stopping it here", database.id);
                stop(database.id);
            }
        }
        Set<String> capturedIds = captured.stream().map(database -> database.id).collect(Collectors.toSet());
        for (CaptureLease lease : leases.all()) {
            if (!capturedIds.contains(lease.databaseId)) {
                stop(lease.databaseId);
                if (leases.claimToRetire(lease.databaseId, holder, now, config.leaseTerm())) {
                    retire(lease);
                }
            }
        }
    }

    private void start(RegisteredDatabase database) {
        CaptureReport report = new CaptureReport(database.id, holder, leases, metrics, backups::request, config.stoppedAfter());
        try {
            runs.put(database.id, CaptureRun.start(database, archives.writing(), config, report));
            LOG.infof("Capture of %s starts on this replica", database.id);
        } catch (dev.lifeboat.runtime.secret.SecretUnavailableException e) {
            report.failed(new CaptureRun.Failure("STORAGE_FAILED", "the archive key is unavailable: " + e.getMessage(), true), Instant.now());
        }
    }

    /** Stops this replica's capture of the database, if it runs one, and waits for it to store what it holds. */
    private void stop(String databaseId) {
        CaptureRun run = runs.remove(databaseId);
        heldUntil.remove(databaseId);
        if (run == null) {
            return;
        }
        run.stop();
        try {
            if (!run.awaitEnd(Duration.ofSeconds(30))) {
                LOG.warnf("Capture of %s did not end within 30 s of being asked to", databaseId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the lease could not be renewed (the service's database is down), captures stop once their leases ran out. */
    private void stopExpired(Instant now) {
        heldUntil.forEach((databaseId, until) -> {
            if (until.isBefore(now)) {
                LOG.warnf("Capture of %s stops here: its lease could not be renewed", databaseId);
                stop(databaseId);
            }
        });
    }

    /** Drops the slot and publication of a database no longer captured; tried again on the next tick until it is done. */
    private void retire(CaptureLease lease) {
        try {
            String password = lease.credentialRef == null ? null : SecretReference.parse(lease.credentialRef).resolve();
            try (Connection connection = new PgConnection(lease.host, lease.port, lease.username, password)
                    .open(lease.databaseName, "capture (retire)")) {
                CaptureSetup.drop(connection, CaptureNames.of(lease.databaseId));
            }
            leases.retired(lease.databaseId, holder);
            LOG.infof("Capture of %s ended: it is no longer registered for point-in-time; its slot and publication are dropped",
                    lease.databaseId);
        } catch (Exception e) {
            LOG.warnf("The slot of %s (no longer captured) could not be dropped yet: %s", lease.databaseId,
                    Redaction.redact(String.valueOf(e.getMessage())));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (String databaseId : Set.copyOf(runs.keySet())) {
            stop(databaseId);
            try {
                leases.release(databaseId, holder);
            } catch (RuntimeException e) {
                LOG.debugf("Lease of %s not released (it runs out by itself): %s", databaseId, e.getMessage());
            }
        }
    }
}
