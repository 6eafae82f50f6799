package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentSpan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The seconds a captured database can be restored to exactly, as {@link ReplayPlan} decides them: from the first backup
 * aligned to the stream that the archive reaches back to, up to where the archive is known complete, less the seconds
 * that cannot be replayed (a gap, or changes missing from the archive), each until the next aligned backup ends it.
 *
 * @param from        the earliest second restorable exactly; null while there is none (no aligned backup the archive
 *                    reaches back to)
 * @param to          the latest; null while there is none
 * @param unreachable seconds that are not, oldest first
 */
public record RestorableWindow(Instant from, Instant to, List<Unreachable> unreachable) {

    /** A backup aligned to the change stream: replay starts from one. */
    public record AlignedBackup(String backupId, Lsn streamLsn, Instant completedAt) {
    }

    /**
     * @param until when the first aligned backup after it completed; null: none yet (a backup taken now ends it)
     * @param table the table concerned, when one is
     * @param kind  what caused it
     */
    public record Unreachable(Instant from, Instant until, String table, String reason, Gap.Kind kind) {
    }

    public static RestorableWindow of(List<AlignedBackup> backups, List<SegmentSpan> segments,
                                      Optional<Coverage> coverage, List<Gap> gaps) {
        List<AlignedBackup> byCompletion = backups.stream().sorted(Comparator.comparing(AlignedBackup::completedAt)).toList();
        List<Unreachable> unreachable = new ArrayList<>();
        for (Gap gap : gaps) {
            unreachable.add(new Unreachable(gap.from(), firstAlignedFrom(byCompletion, resumesAt(gap, segments)), gap.table(), gap.reason(),
                    gap.kind()));
        }
        for (int i = 1; i < segments.size(); i++) {
            SegmentSpan before = segments.get(i - 1);
            SegmentSpan after = segments.get(i);
            boolean restart = gaps.stream().anyMatch(gap -> ReplayPlan.explainsBreak(gap, before.toLsn(), after.fromLsn()));
            if (!after.fromLsn().equals(before.toLsn()) && !restart) { // a restart's gap says it already
                // the moment the archive is complete up to is still reached; the missing changes may follow it at once
                unreachable.add(new Unreachable(before.coveredUntil().plusNanos(1), firstAlignedFrom(byCompletion, after.fromLsn()), null,
                        "the change archive is missing the changes between " + before.toLsn() + " and " + after.fromLsn(),
                        Gap.Kind.MISSING_CHANGES));
            }
        }
        unreachable.sort(Comparator.comparing(Unreachable::from));
        if (segments.isEmpty()) {
            // nothing committed since the capture began: an idle stream's heartbeat proves it up to its moment
            Optional<AlignedBackup> newest = coverage.flatMap(proof -> byCompletion.stream()
                    .filter(backup -> !backup.streamLsn().after(proof.lsn())).reduce((a, b) -> b));
            return newest.isPresent() && !coverage.get().until().isBefore(newest.get().completedAt())
                    ? new RestorableWindow(newest.get().completedAt(), coverage.get().until(), List.copyOf(unreachable))
                    : new RestorableWindow(null, null, List.copyOf(unreachable));
        }
        Lsn start = segments.get(0).fromLsn();
        Optional<AlignedBackup> first = byCompletion.stream().filter(backup -> !backup.streamLsn().before(start)).findFirst();
        SegmentSpan last = segments.get(segments.size() - 1);
        Instant covered = last.coveredUntil();
        if (coverage.isPresent() && !coverage.get().lsn().before(last.lastCommitLsn()) && coverage.get().until().isAfter(covered)) {
            covered = coverage.get().until();
        }
        if (first.isEmpty() || covered.isBefore(first.get().completedAt())) {
            return new RestorableWindow(null, null, List.copyOf(unreachable));
        }
        return new RestorableWindow(first.get().completedAt(), covered, List.copyOf(unreachable));
    }

    /**
     * Where replay may start again after a gap: where the new line begins when the gap explains a restart (a backup
     * aligned between where the gap was found and the new slot's start reaches no segment of either line), else where
     * the gap was found.
     */
    static Lsn resumesAt(Gap gap, List<SegmentSpan> segments) {
        for (int i = 1; i < segments.size(); i++) {
            if (ReplayPlan.explainsBreak(gap, segments.get(i - 1).toLsn(), segments.get(i).fromLsn())) {
                return segments.get(i).fromLsn();
            }
        }
        return gap.foundAtLsn();
    }

    /** When the first backup aligned at or after {@code position} completed; null when none is yet. */
    private static Instant firstAlignedFrom(List<AlignedBackup> byCompletion, Lsn position) {
        return byCompletion.stream().filter(backup -> !backup.streamLsn().before(position)).findFirst()
                .map(AlignedBackup::completedAt).orElse(null);
    }
}
