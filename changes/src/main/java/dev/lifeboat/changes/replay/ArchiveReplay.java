package dev.lifeboat.changes.replay;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.ReplayRate;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.SegmentSpan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Carries out a {@link ReplayPlan} on a restored database: the planned segments' transactions committed after the
 * backup's position, in commit order, up to the first one committed after the target, then the sequences.
 */
public final class ArchiveReplay {

    /**
     * @param reachedLsn  the commit position of the last transaction applied (the backup's own when none was)
     * @param reachedTime when that transaction committed (absent when none was applied)
     * @param excluded    tables the capture leaves out, with why: the restore has them as the backup had them
     * @param took        how long the replay took, reading the archive included
     * @param viewsRecomputed populated materialized views no replayed REFRESH refreshed: the restore recomputed them
     *                    from the backup's rows, so they may differ from the source's at the target
     */
    public record Reached(Lsn reachedLsn, Instant reachedTime, long transactions, long rowChanges, ReplayCounts counts,
                          Map<String, String> excluded, Duration took, List<String> viewsRecomputed) {

        /** The rate this replay measured, for the capture's replay budget; empty when it was too short to tell. */
        public Optional<ReplayRate> rate(String databaseId) {
            return ReplayRate.of(databaseId, rowChanges, took, Instant.now());
        }

        /** The point reached for the plan's target (and the transaction it stopped before, if it names one), as restores and
         * restore tests report it. */
        public RestoreCompleted.PointReached pointReached(ReplayPlan plan) {
            return new RestoreCompleted.PointReached(plan.target(), reachedTime, reachedLsn.toString(), transactions, rowChanges,
                    excluded.isEmpty() ? null : excluded, plan.before() == null ? null : plan.before().toString(),
                    viewsRecomputed.isEmpty() ? null : viewsRecomputed);
        }
    }

    private static final System.Logger LOG = System.getLogger(ArchiveReplay.class.getName());

    private ArchiveReplay() {
    }

    /**
     * Leaves the rate this replay measured in the bucket, for the capture's replay budget (a replay too short to tell
     * one leaves none). Failing to is logged, never the replay's failure.
     */
    public static void recordRate(ChangeArchive archive, String databaseId, Reached reached) {
        reached.rate(databaseId).ifPresent(rate -> {
            try {
                archive.recordReplayRate(rate);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "The replay rate of " + databaseId + " (" + Math.round(rate.perSecond())
                        + " row changes/s) could not be kept in the bucket: " + e.getMessage());
            }
        });
    }

    /**
     * Applies the plan: the segments are read a little ahead on a thread of their own ({@link ReadAhead}) while this
     * thread applies. Once the first transaction after the target is found, the segment it is in is still read to its
     * end (its checksum is checked there), and reading stops. The replay's lanes are closed at the end, whatever it
     * reached.
     */
    public static Reached run(ReplayPlan plan, ChangeArchive archive, Function<String, ArchiveEncryption> keys,
                              ChangeReplay replay) throws Exception {
        try (replay) {
            return runOn(plan, archive, keys, replay);
        }
    }

    private static Reached runOn(ReplayPlan plan, ChangeArchive archive, Function<String, ArchiveEncryption> keys,
                                 ChangeReplay replay) throws Exception {
        long began = System.nanoTime();
        Progress progress = new Progress(plan);
        Map<String, String> excluded = new TreeMap<>();
        SegmentManifest read = null;
        long closing;
        ReadAhead reading = new ReadAhead(plan.segments(), archive, keys);
        try {
            while (true) {
                ReadAhead.Item item = reading.next();
                if (item instanceof ReadAhead.Segment segment) {
                    if (progress.done) {
                        break; // the segment the target was passed in is read whole
                    }
                    read = segment.manifest();
                    excluded.putAll(read.excluded());
                } else if (item instanceof ReadAhead.Read transaction) {
                    if (!progress.done) {
                        progress.offer(transaction.transaction(), replay);
                    }
                } else if (item instanceof ReadAhead.Failed failed) {
                    throw rethrown(failed.cause());
                } else {
                    break;
                }
            }
        } finally {
            closing = System.nanoTime();
            reading.close();
        }
        long closed = System.nanoTime();
        if (!plan.segments().isEmpty()) {
            // the values the last planned segment recorded as it closed: never behind any commit up to the target
            SegmentSpan last = plan.segments().get(plan.segments().size() - 1);
            replay.sequences((read != null && read.segmentId().equals(last.segmentId()) ? read : archive.manifest(last)).sequences());
        }
        replay.finish();
        List<String> recomputed = replay.viewsRecomputed();
        // the rate is the replay's: not the wait for the reader to stop, which may be in the middle of a later segment
        Duration took = Duration.ofNanos(System.nanoTime() - began - (closed - closing));
        return new Reached(progress.lsn, progress.time, replay.counts().transactions(), replay.counts().rowChanges(),
                replay.counts(), excluded, took, recomputed);
    }

    private static Exception rethrown(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return (Exception) cause;
    }

    private static final class Progress {
        private final ReplayPlan plan;
        private Lsn lsn;
        private Instant time;
        private boolean done;

        Progress(ReplayPlan plan) {
            this.plan = plan;
            this.lsn = plan.base();
        }

        void offer(Transaction transaction, ChangeReplay replay) throws Exception {
            if (transaction.commitLsn().before(plan.base())) {
                // in the backup already (a commit exactly at its position is not: the snapshot was taken just before it)
                if (plan.before() == null && transaction.commitTime().isAfter(plan.target())) {
                    throw new NotCoveredException("the backup holds transaction " + transaction.xid() + ", committed "
                            + transaction.commitTime() + ", after " + plan.target() + ": choose a backup taken before it");
                }
                return;
            }
            // commit order is the order to stop in: nothing after the first later commit (or, before a transaction, the
            // first at or after its position: commit times may run a little out of commit order, positions never do)
            if (plan.before() != null ? !transaction.commitLsn().before(plan.before()) : transaction.commitTime().isAfter(plan.target())) {
                done = true;
                return;
            }
            replay.apply(transaction);
            lsn = transaction.commitLsn();
            time = transaction.commitTime();
        }
    }
}
