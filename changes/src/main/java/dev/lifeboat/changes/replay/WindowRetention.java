package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.replay.RestorableWindow.AlignedBackup;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What point-in-time retention keeps so that every second of the window, from {@code cutoff} (now less the window) on,
 * stays restorable: the <em>base</em>, the aligned backup a restore to the cutoff starts from (the newest completed at
 * or before it; the oldest when none is), and every segment and gap from its position on. A restore to any later
 * second starts from the base or a newer backup, so what lies wholly before the base's position is never read again.
 *
 * @param base     the backup to keep; empty when there is no aligned backup (then nothing is deleted)
 * @param segments segments wholly before the base's position, except the newest (a restarted capture learns the table
 *                 definitions it has seen from it): to delete
 * @param gaps     gaps found at or before it (they end at the base or earlier): to delete
 */
public record WindowRetention(Optional<AlignedBackup> base, List<SegmentManifest> segments, List<Gap> gaps) {

    public static WindowRetention plan(List<AlignedBackup> backups, List<SegmentManifest> archive, List<Gap> gaps, Instant cutoff) {
        Optional<AlignedBackup> base = base(backups, cutoff);
        if (base.isEmpty()) {
            return new WindowRetention(base, List.of(), List.of());
        }
        var position = base.get().streamLsn();
        List<SegmentManifest> older = archive.isEmpty() ? List.of() : archive.subList(0, archive.size() - 1);
        return new WindowRetention(base,
                older.stream().filter(segment -> !segment.toLsn().after(position)).toList(),
                gaps.stream().filter(gap -> !gap.foundAtLsn().after(position)).toList());
    }

    /** The aligned backup a restore to {@code cutoff} starts from, else the oldest (no second before it is reachable). */
    public static Optional<AlignedBackup> base(List<AlignedBackup> backups, Instant cutoff) {
        Optional<AlignedBackup> atCutoff = backups.stream().filter(backup -> !backup.completedAt().isAfter(cutoff))
                .max(Comparator.comparing(AlignedBackup::completedAt));
        return atCutoff.isPresent() ? atCutoff : backups.stream().min(Comparator.comparing(AlignedBackup::completedAt));
    }
}
