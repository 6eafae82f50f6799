package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.catalog.AlignedBackups;
import dev.lifeboat.backup.catalog.BackupCatalog;
import dev.lifeboat.backup.config.CaptureConfig;
import dev.lifeboat.backup.metrics.CaptureMetrics;
import dev.lifeboat.backup.registry.DatabaseRegistry;
import dev.lifeboat.backup.registry.DatabaseSettings;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.CaptureSetup;
import dev.lifeboat.changes.slot.SourceIdentity;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.connect.PgTls;
import dev.lifeboat.backup.connect.TargetConnections;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.Redaction;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.service.reactive.ReactiveSessions;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final CaptureBackups backups;
    private static final Duration STOP_WAIT = Duration.ofMinutes(1);

    private final CaptureMetrics metrics;
    private final CaptureConfig config;
    private final BackupCatalog catalog;
    private final DatabaseSecrets secrets;
    private final Map<String, CaptureRun> runs = new ConcurrentHashMap<>();
    private final Map<String, ReplayBudgetWatch> budgets = new ConcurrentHashMap<>();
    /** Runs asked to stop that have not ended yet: no new run of the database starts, nor is its slot dropped, before. */
    private final Map<String, CaptureRun> stopping = new ConcurrentHashMap<>();

    public CaptureSupervisor(DatabaseRegistry registry, CaptureLeases leases, CaptureArchives archives,
                             CaptureBackups backups, CaptureMetrics metrics, CaptureConfig config, BackupCatalog catalog,
                             DatabaseSecrets secrets) {
        this.registry = registry;
        this.leases = leases;
        this.archives = archives;
        this.backups = backups;
        this.metrics = metrics;
        this.config = config;
        this.catalog = catalog;
        this.secrets = secrets;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.capture-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            reconcile(Instant.now());
        } catch (RuntimeException e) {
            // the runs stop by themselves once their leases run out unrenewed
            LOG.errorf(e, "Point-in-time captures could not be renewed");
        }
    }

    /** The databases whose capture this replica runs now. */
    public Set<String> running() {
        return Set.copyOf(runs.keySet());
    }

    synchronized void reconcile(Instant now) {
        List<RegisteredDatabase> captured = ReactiveSessions.await(registry::all).stream()
                .filter(database -> database.pointInTimeWindowSeconds != null).toList();
        Map<String, CaptureLease> rows = leases.all().stream().collect(Collectors.toMap(lease -> lease.databaseId, lease -> lease));
        Set<String> held = new HashSet<>();
        for (RegisteredDatabase database : captured) {
            CaptureLease row = rows.get(database.id);
            if (row != null && !sameSource(row, database) && !retireOldSource(row, database, now)) {
                continue; // its old source is still captured (here, until the run ends; or by another replica)
            }
            if (!leases.claim(database, holder, now, config.leaseTerm())) {
                continue;
            }
            held.add(database.id);
            CaptureRun run = runs.get(database.id);
            if (run != null && run.ended()) {
                // it stopped by itself (its lease was not renewed in time): it starts again now that it is
                LOG.warnf("Capture of %s starts again: it had stopped, its lease not renewed in time", database.id);
                runs.remove(database.id, run);
                run = null;
            }
            if (run != null && !run.reads(database)) {
                LOG.infof("Capture of %s starts again: its registration changed how it connects", database.id);
                stop(database.id);
                run = null;
            }
            if (run != null) {
                run.heldUntil(now.plus(config.leaseTerm()));
                budgets.get(database.id).budget(maxReplay(database)); // the registration may name another now
            } else if (!stillStopping(database.id)) {
                start(database, now.plus(config.leaseTerm()));
            }
        }
        for (String databaseId : Set.copyOf(runs.keySet())) {
            if (!held.contains(databaseId)) {
                LOG.warnf("Capture of %s stops here: this replica no longer holds it", databaseId);
                stop(databaseId);
            }
        }
        Set<String> capturedIds = captured.stream().map(database -> database.id).collect(Collectors.toSet());
        for (CaptureLease lease : rows.values()) {
            if (!capturedIds.contains(lease.databaseId) && !stillStopping(lease.databaseId)
                    && leases.claimToRetire(lease.databaseId, holder, now, config.leaseTerm()) && dropSlot(lease)) {
                leases.retired(lease.databaseId, holder);
                LOG.infof("Capture of %s ended: it is no longer registered for point-in-time; its slot and publication are dropped",
                        lease.databaseId);
            }
        }
    }

    private static boolean sameSource(CaptureLease lease, RegisteredDatabase database) {
        return lease.host.equals(database.host) && lease.port == database.port && lease.databaseName.equals(database.databaseName);
    }

    /**
     * The registration names another server or database: once no capture reads the old one, its slot is dropped, tried
     * once (an old server that is gone must not keep the new one from being captured; what could not be dropped is
     * logged with how to drop it by hand). @return whether capture may start on the new source
     */
    private boolean retireOldSource(CaptureLease lease, RegisteredDatabase database, Instant now) {
        if (!leases.claimToRetire(lease.databaseId, holder, now, config.leaseTerm())) {
            return false;
        }
        stop(lease.databaseId);
        if (stillStopping(lease.databaseId)) {
            return false;
        }
        if (sameServer(lease, database)) {
            LOG.infof("Capture of %s follows its registration to %s:%d/%s, the same server and database it read as"
                    + " %s:%d/%s: its slot and window carry on", lease.databaseId, database.host, database.port,
                    database.databaseName, lease.host, lease.port, lease.databaseName);
            return true;
        }
        if (dropSlot(lease)) {
            LOG.infof("Capture of %s moves to the source its registration names now; the slot on %s:%d/%s is dropped",
                    lease.databaseId, lease.host, lease.port, lease.databaseName);
        } else {
            LOG.warnf("Capture of %s moves to the source its registration names now, and its old slot could not be dropped:"
                            + " if %s:%d/%s still runs, it keeps WAL for it until it is dropped there (SELECT"
                            + " pg_drop_replication_slot('%s'))", lease.databaseId, lease.host, lease.port, lease.databaseName,
                    CaptureNames.of(lease.databaseId).slot());
        }
        return true;
    }

    private void start(RegisteredDatabase database, Instant heldUntil) {
        ReplayBudgetWatch replayBudget = new ReplayBudgetWatch(database.id, maxReplay(database),
                () -> newestAlignedBackup(database.id), archives.reading(), config.assumedReplayRate(), backups::overBudget,
                Clock.systemUTC());
        CaptureReport report = new CaptureReport(database.id, holder, leases, metrics, backups::afterGap, config.stoppedAfter(),
                config.retainedWalLimit(), replayBudget);
        try {
            runs.put(database.id, CaptureRun.start(database, archives.writing(), config, report, secrets, heldUntil));
            budgets.put(database.id, replayBudget);
            LOG.infof("Capture of %s starts on this replica", database.id);
        } catch (SecretUnavailableException e) {
            report.failed(new CaptureRun.Failure("STORAGE_FAILED", "the archive key is unavailable: " + e.getMessage(), true), Instant.now());
        } catch (IOException e) {
            report.failed(new CaptureRun.Failure("STORAGE_FAILED", "the bucket's record of the archive key cannot be read: " + e.getMessage(),
                    true), Instant.now());
        }
    }

    private static Duration maxReplay(RegisteredDatabase database) {
        return database.pointInTimeMaxReplaySeconds == null ? DatabaseSettings.DEFAULT_MAX_REPLAY
                : Duration.ofSeconds(database.pointInTimeMaxReplaySeconds);
    }

    /** The stream position of the newest aligned backup in the catalog (blocking: the capture's storing thread). */
    private Optional<Lsn> newestAlignedBackup(String databaseId) {
        return AlignedBackups.of(ReactiveSessions.await(() -> catalog.ofDatabase(databaseId))).stream()
                .map(RestorableWindow.AlignedBackup::streamLsn).max(Lsn::compareTo);
    }

    /** Asks this replica's capture of the database to stop (it stores what it holds first); it ends on its own thread. */
    private void stop(String databaseId) {
        CaptureRun run = runs.remove(databaseId);
        if (run != null) {
            run.stop();
            stopping.put(databaseId, run);
        }
    }

    /**
     * Whether a run of the database asked to stop has not ended yet. One that has not ended a minute after it was asked
     * (stuck in a store) is given up on: a new run waits for the slot, which admits one reader, and reports it stopped.
     */
    private boolean stillStopping(String databaseId) {
        CaptureRun run = stopping.get(databaseId);
        if (run == null) {
            return false;
        }
        if (run.ended() || run.stoppingLongerThan(STOP_WAIT)) {
            if (!run.ended()) {
                LOG.errorf("Capture of %s did not end within %s of being asked to stop; a new one waits for its slot",
                        databaseId, STOP_WAIT);
            }
            stopping.remove(databaseId, run);
            return false;
        }
        return true;
    }

    /**
     * Whether the registration reaches, under another name, the server and database the lease read: the same system
     * identifier and database oid (a move to a server restored from a dump is not; one that cannot be reached is not).
     */
    private boolean sameServer(CaptureLease lease, RegisteredDatabase database) {
        try (Connection before = connect(lease);
             Connection now = TargetConnections.server(database, secrets).open(database.databaseName, "capture (same server?)")) {
            return SourceIdentity.of(before).equals(SourceIdentity.of(now));
        } catch (Exception e) {
            LOG.debugf("%s:%d/%s and %s:%d/%s are not known to be one server: %s", lease.host, lease.port, lease.databaseName,
                    database.host, database.port, database.databaseName, Redaction.redact(String.valueOf(e.getMessage())));
            return false;
        }
    }

    /** A connection to the server and database the lease names, as the registration reached them when it was taken. */
    private Connection connect(CaptureLease lease) throws Exception {
        return new PgConnection(lease.host, lease.port, lease.username, secrets.passwordOf(lease.credentialRef),
                PgTls.of(lease.tlsMode, lease.tlsCaRef, secrets)).open(lease.databaseName, "capture (same server?)");
    }

    /** Drops the slot and publication the lease names; @return whether it did. */
    private boolean dropSlot(CaptureLease lease) {
        try {
            try (Connection connection = connect(lease)) {
                CaptureSetup.drop(connection, CaptureNames.of(lease.databaseId));
            }
            return true;
        } catch (Exception e) {
            LOG.warnf("The slot of %s on %s:%d/%s could not be dropped yet: %s", lease.databaseId, lease.host, lease.port,
                    lease.databaseName, Redaction.redact(String.valueOf(e.getMessage())));
            return false;
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        Set<String> ours = Set.copyOf(runs.keySet());
        ours.forEach(this::stop);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (String databaseId : ours) {
            CaptureRun run = stopping.get(databaseId);
            try {
                if (run != null && !run.awaitEnd(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    LOG.warnf("Capture of %s did not end before shutdown; its slot is confirmed up to what was stored", databaseId);
                }
                leases.release(databaseId, holder);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.debugf("Lease of %s not released (it runs out by itself): %s", databaseId, e.getMessage());
            }
        }
    }
}
