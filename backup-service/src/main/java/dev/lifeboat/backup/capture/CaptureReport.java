package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.metrics.CaptureMetrics;
import dev.lifeboat.changes.capture.CaptureObserver;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.PreflightReport;
import dev.lifeboat.changes.slot.SchemaChangeMode;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What one database's capture tells the service: metrics as it goes; {@code CaptureStopped} once it has failed for
 * longer than it may (at once for a failure that will not pass by itself) and {@code CaptureResumed} when it runs
 * again; a backup when a gap is found, which ends the gap, and when the changes since the last aligned backup would take
 * longer to replay than the budget ({@link ReplayBudgetWatch}). The service's own database being down never stops the
 * capture: what cannot be recorded is logged, and a gap's backup that could not be asked for is asked for again at each
 * heartbeat until it is (its request id is the gap's, so it is taken once).
 */
final class CaptureReport implements CaptureObserver {

    private static final Logger LOG = Logger.getLogger(CaptureReport.class);

    private final String databaseId;
    private final String holder;
    private final CaptureLeases leases;
    private final CaptureMetrics metrics;
    private final Consumer<Gap> backupAfterGap;
    private final Duration stoppedAfter;
    private final WalLimitWatch walLimit;
    private final ReplayBudgetWatch replayBudget;
    private volatile boolean stopped;
    private volatile int starts;
    private volatile Instant startedAt;
    private volatile Instant lastArchivedCommit;
    /**
     * The newest gap whose backup could not be asked for yet (its backup, aligned after it, ends the older ones too);
     * gaps and heartbeats are told on the capture's thread.
     */
    private volatile Gap unasked;

    CaptureReport(String databaseId, String holder, CaptureLeases leases, CaptureMetrics metrics, Consumer<Gap> backupAfterGap,
                  Duration stoppedAfter, long retainedWalLimit, ReplayBudgetWatch replayBudget) {
        this.databaseId = databaseId;
        this.holder = holder;
        this.leases = leases;
        this.metrics = metrics;
        this.backupAfterGap = backupAfterGap;
        this.stoppedAfter = stoppedAfter;
        this.walLimit = new WalLimitWatch(retainedWalLimit);
        this.replayBudget = replayBudget;
    }

    /** How many times the capture started (passed its preflight and began to stream). */
    int starts() {
        return starts;
    }

    @Override
    public void started(PreflightReport preflight) {
        starts++;
        stopped = false;
        startedAt = Instant.now();
        metrics.started(databaseId);
        preflight.excluded().forEach(left -> LOG.warnf("Capture of %s leaves out %s: %s", databaseId, left.table(), left.reason()));
        SchemaChangeMode schemaChanges = preflight.schemaChanges();
        if (schemaChanges.replayed()) {
            LOG.infof("Capture of %s streams, %s", databaseId, schemaChanges.mode());
        } else {
            LOG.warnf("Capture of %s streams, %s: %s", databaseId, schemaChanges.mode(), schemaChanges.why());
        }
        recording("that capture runs", () -> leases.running(databaseId, holder, lastArchivedCommit));
        recording("how schema changes are captured", () -> leases.schemaChanges(databaseId, holder, schemaChanges));
    }

    /** How long its last start has streamed, to now (zero before the first): read as an attempt ends, how long it ran. */
    Duration streamedFor() {
        Instant started = startedAt;
        return started == null ? Duration.ZERO : Duration.between(started, Instant.now());
    }

    @Override
    public void received(Transaction transaction, Instant receivedAt) {
        metrics.lag(databaseId, Duration.between(transaction.commitTime(), receivedAt));
    }

    @Override
    public void stored(SegmentManifest segment) {
        lastArchivedCommit = segment.lastCommitTime();
        metrics.stored(databaseId, segment);
        recording("the replay budget", () -> {
            try {
                replayBudget.stored(segment);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public void covered(Coverage coverage) {
        metrics.covered(databaseId, coverage.until());
    }

    @Override
    public void retained(long walBytes) {
        Gap gap = unasked;
        if (gap != null) {
            LOG.infof("Capture of %s asks again for the backup that ends its gap from %s", databaseId, gap.from());
            askForTheBackupThatEnds(gap);
        }
        metrics.retained(databaseId, walBytes);
        recording("the WAL the slot keeps", () -> leases.retained(databaseId, holder, walBytes));
        if (walLimit.passed(walBytes)) {
            LOG.warnf("The slot of %s's capture keeps %d bytes of WAL on the source, more than the limit of %d (%s)", databaseId,
                    walBytes, walLimit.limit(), stopped ? "the capture is stopped" : "the capture is behind");
            recording("that the slot keeps too much WAL", () -> leases.retainingWal(databaseId, walBytes, walLimit.limit(), stopped));
        }
    }

    @Override
    public void gap(Gap gap) {
        metrics.gap(databaseId);
        LOG.warnf("Capture of %s found a gap (%s) from %s: a backup is requested to end it", databaseId, gap.reason(), gap.from());
        askForTheBackupThatEnds(gap);
    }

    /** Asked for again, neither logged as found nor counted: the request's id is the gap's, so the backup is taken once. */
    @Override
    public void gapStillOpen(Gap gap) {
        LOG.debugf("Capture of %s starts with its gap from %s still open: the backup that ends it is asked for again", databaseId, gap.from());
        askForTheBackupThatEnds(gap);
    }

    /** Asks for the backup now; when that fails, {@link #retained} (each heartbeat) asks again. */
    private void askForTheBackupThatEnds(Gap gap) {
        try {
            backupAfterGap.accept(gap);
            unasked = null; // a backup aligned after this gap ends any older one still unasked
        } catch (RuntimeException e) {
            unasked = gap;
            LOG.errorf(e, "Capture of %s could not ask for the backup that ends its gap from %s (asked again at the next heartbeat)",
                    databaseId, gap.from());
        }
    }

    /** An attempt failed; reported as a stop when it will not pass by itself or has lasted longer than it may. */
    void failed(CaptureRun.Failure failure, Instant failingSince) {
        metrics.running(databaseId, false);
        LOG.warnf("Capture of %s failed (%s): %s", databaseId, failure.code(), failure.message());
        Instant now = Instant.now();
        if (failure.lasting() || !now.isBefore(failingSince.plus(stoppedAfter))) {
            stopped = true;
            recording("that capture stopped", () -> leases.stopped(databaseId, holder, failingSince, failure.code(),
                    failure.message(), lastArchivedCommit));
        }
    }

    /** This replica no longer runs it. */
    void ended() {
        metrics.forget(databaseId);
    }

    private void recording(String what, Runnable record) {
        try {
            record.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Capture of %s could not record %s", databaseId, what);
        }
    }
}
