package dev.lifeboat.backup.capture;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.ReplayBudget;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.ReplayRate;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.SegmentSpan;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps one captured database within its replay budget ({@code pointInTime.maxReplay}): as each segment is stored it
 * adds the segment's row changes to those since the newest aligned backup, and once replaying them would take longer
 * than the budget it asks for an aligned backup ({@code REPLAY_BUDGET}), once per backup counted from (again after
 * {@value #ASK_AGAIN_MINUTES} minutes when none has moved the count: the one asked for failed). The rate is
 * the one the last long enough replay of the database measured ({@link ReplayRate}, left in the bucket by restores and
 * restore tests), or the configured assumed rate before any did. A capture that starts again first counts the segments
 * stored since that backup. Runs on the capture's storing thread (S3 and the catalog: blocking).
 */
final class ReplayBudgetWatch {

    /**
     * What a restore to the newest second would replay now.
     *
     * @param measured whether the rate was measured by a replay of this database (or assumed)
     */
    record Estimate(long rowChanges, double perSecond, boolean measured, Duration replay, Duration budget) {
    }

    /** Asks for an aligned backup of the database past its budget ({@link CaptureBackups#overBudget}). */
    @FunctionalInterface
    interface OverBudget {
        void request(String databaseId, Lsn base, int attempt, Estimate estimate);
    }

    private static final Logger LOG = Logger.getLogger(ReplayBudgetWatch.class);
    /** How often the measured rate is read again from the bucket. */
    private static final Duration RATE_READ_EVERY = Duration.ofMinutes(5);
    /** While past the budget, how often the catalog is asked whether a newer aligned backup completed. */
    private static final Duration BASE_READ_EVERY = Duration.ofMinutes(1);
    /** A requested backup that has not moved the count this long after (it failed, or waits) is asked for again. */
    private static final long ASK_AGAIN_MINUTES = 30;
    private static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(ASK_AGAIN_MINUTES);

    private final String databaseId;
    private final ReplayBudget budget;
    private final Supplier<Optional<Lsn>> newestAlignedBackup;
    private final ChangeArchive archive;
    private final double assumedRate;
    private final OverBudget backups;
    private final Clock clock;
    private boolean counted;
    private Optional<ReplayRate> measured = Optional.empty();
    private Instant rateReadAt;
    private Instant baseReadAt;
    private Lsn requestedFrom;
    private Instant requestedAt;
    private int attempt;

    /** @param newestAlignedBackup the stream position of the newest aligned backup in the catalog (empty: none yet) */
    ReplayBudgetWatch(String databaseId, Duration maxReplay, Supplier<Optional<Lsn>> newestAlignedBackup, ChangeArchive archive,
                      double assumedRate, OverBudget backups, Clock clock) {
        this.databaseId = databaseId;
        this.budget = new ReplayBudget(maxReplay);
        this.newestAlignedBackup = newestAlignedBackup;
        this.archive = archive;
        this.assumedRate = assumedRate;
        this.backups = backups;
        this.clock = clock;
    }

    /** The registration names another budget (the supervisor's tick, while the capture runs). */
    synchronized void budget(Duration maxReplay) {
        budget.budget(maxReplay);
    }

    synchronized void stored(SegmentManifest segment) throws IOException {
        if (!counted) {
            countStoredBefore(segment);
            counted = true;
        }
        budget.stored(segment.lastCommitLsn(), total(segment));
        Estimate estimate = estimate();
        if (!passed(estimate)) {
            return;
        }
        Instant now = clock.instant();
        if (baseReadAt == null || Duration.between(baseReadAt, now).compareTo(BASE_READ_EVERY) >= 0) {
            newestAlignedBackup.get().ifPresent(budget::base); // a backup may have completed since it was last read
            baseReadAt = now;
            estimate = estimate();
        }
        if (!passed(estimate) || askedAlready(now)) {
            return;
        }
        attempt = sameBase(requestedFrom, budget.base()) ? attempt + 1 : 1;
        LOG.infof("Replaying the %d row changes of %s since its newest aligned backup would take about %s at %.0f row changes/s"
                        + " (%s), more than its budget of %s: an aligned backup is requested%s", estimate.rowChanges(), databaseId,
                estimate.replay(), estimate.perSecond(), estimate.measured() ? "measured" : "assumed", budget.budget(),
                attempt > 1 ? " again (attempt " + attempt + ")" : "");
        backups.request(databaseId, budget.base(), attempt, estimate);
        requestedFrom = budget.base();
        requestedAt = now;
    }

    /** Whether a backup was asked for since the count's backup, not so long ago that it must have failed. */
    private boolean askedAlready(Instant now) {
        return requestedAt != null && sameBase(requestedFrom, budget.base())
                && Duration.between(requestedAt, now).compareTo(ASK_AGAIN_AFTER) < 0;
    }

    Estimate estimate() throws IOException {
        double perSecond = measured().map(ReplayRate::perSecond).orElse(assumedRate);
        return new Estimate(budget.rowChanges(), perSecond, measured.isPresent(), budget.estimate(perSecond), budget.budget());
    }

    private boolean passed(Estimate estimate) {
        return estimate.replay().compareTo(estimate.budget()) > 0;
    }

    /**
     * The segments stored before this capture started, since the newest aligned backup (none counted without one): all
     * of them or, where reading them fails, none (the next stored segment tries again).
     */
    private void countStoredBefore(SegmentManifest first) throws IOException {
        Optional<Lsn> base = newestAlignedBackup.get();
        if (base.isEmpty()) {
            return;
        }
        Map<Lsn, Long> earlier = new LinkedHashMap<>();
        for (SegmentSpan span : archive.spans(databaseId)) {
            if (span.lastCommitLsn().after(base.get()) && span.lastCommitLsn().before(first.lastCommitLsn())) {
                earlier.put(span.lastCommitLsn(), total(archive.manifest(span)));
            }
        }
        budget.base(base.get());
        earlier.forEach(budget::stored);
    }

    private Optional<ReplayRate> measured() throws IOException {
        Instant now = clock.instant();
        if (rateReadAt == null || Duration.between(rateReadAt, now).compareTo(RATE_READ_EVERY) >= 0) {
            measured = archive.replayRate(databaseId).filter(rate -> rate.perSecond() > 0);
            rateReadAt = now;
        }
        return measured;
    }

    private static long total(SegmentManifest segment) {
        return segment.rowChanges().values().stream().mapToLong(Long::longValue).sum();
    }

    private static boolean sameBase(Lsn one, Lsn other) {
        return one == null ? other == null : one.equals(other);
    }
}
