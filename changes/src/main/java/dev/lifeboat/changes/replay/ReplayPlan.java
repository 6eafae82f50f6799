package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentSpan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which segments bring a backup aligned at {@code base} to {@code target}, decided before anything is restored: the
 * archive must hold every transaction from the backup's position on without a break, must be known complete up to the
 * target, and no gap (a schema change, a table not yet captured, a lost slot) may lie between them.
 *
 * Made from the archive's listing alone ({@link SegmentSpan}s): no manifest is read to plan.
 *
 * @param segments the segments to read, in stream order: replay applies their transactions committed after
 *                 {@code base}, in commit order, up to the first one committed after {@code target}, then sets the
 *                 sequences to the values the last one recorded (none when no segment is read: the backup's own are right)
 * @param before   when set, replay stops just before the transaction that committed here (exact to the transaction:
 *                 {@code target} is when it committed), whatever else committed in that same moment before it
 */
public record ReplayPlan(Lsn base, Instant target, List<SegmentSpan> segments, Lsn before) {

    public ReplayPlan(Lsn base, Instant target, List<SegmentSpan> segments) {
        this(base, target, segments, null);
    }

    /**
     * The plan that brings the backup to just before the transaction that committed at {@code transaction} (at
     * {@code committed} by the source's clock): every transaction committed before it in the stream, and not it, decided
     * by stream position alone (commit times may run a little out of commit order). The segments from the backup's
     * position must reach that transaction unbroken, and no gap may lie before it: one found at or after it whose
     * seconds begin at its commit (its own DDL that cannot be replayed, say) does not.
     *
     * @throws NotCoveredException when the backup already holds that transaction, the archive does not reach it from the
     *                             backup, or a gap lies before it
     */
    public static ReplayPlan before(Lsn base, Lsn transaction, Instant committed, List<SegmentSpan> archive, List<Gap> gaps)
            throws NotCoveredException {
        if (transaction.before(base)) {
            throw new NotCoveredException("the backup aligned at " + base + " already holds the transaction that committed at "
                    + transaction + ": choose a backup taken before it");
        }
        for (Gap gap : gaps) {
            if (gap.foundAtLsn().after(base) && (gap.foundAtLsn().before(transaction) || gap.from().isBefore(committed))) {
                throw new NotCoveredException("just before " + transaction + " cannot be replayed exactly: " + gap.reason()
                        + "; the seconds from " + gap.from() + " until the first backup after " + gap.foundAt()
                        + " are not restorable to the second");
            }
        }
        List<SegmentSpan> chain = chain(base, archive);
        if (chain.isEmpty() || chain.get(chain.size() - 1).lastCommitLsn().before(transaction)) {
            throw new NotCoveredException("the change archive does not hold the transaction that committed at " + transaction
                    + " unbroken from the backup's position " + base);
        }
        return new ReplayPlan(base, committed, chain.stream().filter(segment -> segment.fromLsn().before(transaction)).toList(),
                transaction);
    }

    /**
     * The unbroken run of stored segments from the backup's position: a moment past a break cannot be reached from it.
     *
     * @throws NotCoveredException when the archive starts after the backup's position
     */
    private static List<SegmentSpan> chain(Lsn base, List<SegmentSpan> archive) throws NotCoveredException {
        List<SegmentSpan> after = archive.stream().filter(segment -> segment.toLsn().after(base)).toList();
        List<SegmentSpan> chain = new ArrayList<>();
        if (!after.isEmpty()) {
            SegmentSpan first = after.get(0);
            if (first.fromLsn().after(base)) {
                throw new NotCoveredException("the change archive starts at " + first.fromLsn() + ", after the backup's position "
                        + base + ": the backup is older than the capture");
            }
            chain.add(first);
            for (int i = 1; i < after.size() && after.get(i).fromLsn().equals(after.get(i - 1).toLsn()); i++) {
                chain.add(after.get(i));
            }
        }
        return chain;
    }

    public static ReplayPlan plan(Lsn base, Instant target, List<SegmentSpan> archive, Optional<Coverage> coverage,
                                  List<Gap> gaps) throws NotCoveredException {
        for (Gap gap : gaps) {
            if (gap.foundAtLsn().after(base) && !target.isBefore(gap.from())) {
                throw new NotCoveredException(target + " cannot be replayed exactly: " + gap.reason() + "; the seconds from "
                        + gap.from() + " until the first backup after " + gap.foundAt() + " are not restorable to the second");
            }
        }
        List<SegmentSpan> after = archive.stream().filter(segment -> segment.toLsn().after(base)).toList();
        Instant covered = Instant.EPOCH;
        Lsn reached = base;
        List<SegmentSpan> chain = chain(base, archive);
        if (!chain.isEmpty()) {
            SegmentSpan last = chain.get(chain.size() - 1);
            covered = last.coveredUntil();
            reached = last.lastCommitLsn();
        }
        boolean broken = chain.size() < after.size();
        if (broken) {
            covered = laterByRestart(covered, chain.get(chain.size() - 1).toLsn(), after.get(chain.size()).fromLsn(), gaps);
        }
        if (!broken && coverage.isPresent() && !coverage.get().lsn().before(reached) && coverage.get().until().isAfter(covered)) {
            covered = coverage.get().until();
        }
        if (covered.isBefore(target)) {
            if (broken) {
                throw new NotCoveredException("the change archive is missing the changes between " + chain.get(chain.size() - 1).toLsn()
                        + " and " + after.get(chain.size()).fromLsn() + ", so it reaches no further than " + covered + " from this backup");
            }
            throw new NotCoveredException("the change archive is complete only up to " + (covered.equals(Instant.EPOCH)
                    ? "the backup itself" : covered.toString()) + ", before " + target);
        }
        List<SegmentSpan> read = new ArrayList<>();
        for (SegmentSpan segment : chain) {
            if (segment.firstCommitTime().isAfter(target)) {
                break;
            }
            read.add(segment);
        }
        return new ReplayPlan(base, target, List.copyOf(read));
    }

    /**
     * A capture that started again on a new slot (its old one lost, or gone with a database restored in place) records
     * a gap found after the old line's end and no later than where its new line begins, from the moment the archive was
     * complete to: up to that moment the old line is complete, though its last proof (an idle stream's heartbeat) was
     * overwritten by the new line's.
     */
    static Instant laterByRestart(Instant covered, Lsn oldLineEnd, Lsn newLine, List<Gap> gaps) {
        for (Gap gap : gaps) {
            if (explainsBreak(gap, oldLineEnd, newLine) && gap.from().isAfter(covered)) {
                covered = gap.from();
            }
        }
        return covered;
    }

    /** Whether a restart's gap explains the break between the old line's end and the new line's start. */
    static boolean explainsBreak(Gap gap, Lsn oldLineEnd, Lsn newLine) {
        return gap.foundAtLsn().after(oldLineEnd) && !gap.foundAtLsn().after(newLine);
    }
}
