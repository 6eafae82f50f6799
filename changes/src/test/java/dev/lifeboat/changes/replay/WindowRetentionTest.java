package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow.AlignedBackup;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.lifeboat.changes.replay.Segments.T0;
import static dev.lifeboat.changes.replay.Segments.segment;
import static org.assertj.core.api.Assertions.assertThat;

/** Point-in-time retention deletes only what no second from the window's start on needs. */
class WindowRetentionTest {

    private static final List<SegmentManifest> ARCHIVE = List.of(segment(100, 200, 1, 9, 10, 5), segment(200, 300, 11, 19, 20, 7),
            segment(300, 400, 21, 29, 30, 9), segment(400, 500, 31, 39, 40, 11));
    private static final List<AlignedBackup> BACKUPS = List.of(backup(150, 5), backup(250, 15), backup(420, 33));
    private static final List<Gap> GAPS = List.of(new Gap("db", "public.t", "changed", T0.plusSeconds(12), new Lsn(230), T0.plusSeconds(13)),
            new Gap("db", "public.u", "new", T0.plusSeconds(34), new Lsn(450), T0.plusSeconds(35)));
    private static final Optional<Coverage> COVERAGE = Optional.of(new Coverage("db", new Lsn(550), T0.plusSeconds(45)));

    private static AlignedBackup backup(long lsn, int completedSecond) {
        return new AlignedBackup("b" + lsn, new Lsn(lsn), T0.plusSeconds(completedSecond));
    }

    @Test
    void keepsTheBackupARestoreToTheWindowsStartUsesAndEverySegmentFromItsPosition() {
        WindowRetention plan = WindowRetention.plan(BACKUPS, ARCHIVE, GAPS, T0.plusSeconds(20));

        assertThat(plan.base()).contains(backup(250, 15));
        assertThat(plan.segments()).extracting(SegmentManifest::toLsn).containsExactly(new Lsn(200));
        assertThat(plan.gaps()).extracting(Gap::table).containsExactly("public.t");
    }

    @Test
    void neverDeletesTheNewestSegmentNorAnythingWithoutAnAlignedBackup() {
        assertThat(WindowRetention.plan(BACKUPS, ARCHIVE, GAPS, T0.plusSeconds(500)).segments())
                .as("base b420: everything before 420, but not the newest").extracting(SegmentManifest::toLsn)
                .containsExactly(new Lsn(200), new Lsn(300), new Lsn(400));
        assertThat(WindowRetention.plan(List.of(), ARCHIVE, GAPS, T0.plusSeconds(500)).segments()).isEmpty();
    }

    @Test
    void everySecondRestorableFromTheWindowsStartStaysRestorableAfterRetention() {
        for (int cutoff = 0; cutoff <= 45; cutoff++) {
            Instant start = T0.plusSeconds(cutoff);
            WindowRetention plan = WindowRetention.plan(BACKUPS, ARCHIVE, GAPS, start);
            List<SegmentManifest> kept = new ArrayList<>(ARCHIVE);
            kept.removeAll(plan.segments());
            List<Gap> gapsKept = new ArrayList<>(GAPS);
            gapsKept.removeAll(plan.gaps());
            for (int second = cutoff; second <= 46; second++) {
                Instant moment = T0.plusSeconds(second);
                assertThat(restorable(kept, gapsKept, moment)).as("second %d after retention at %d", second, cutoff)
                        .isEqualTo(restorable(ARCHIVE, GAPS, moment));
            }
        }
    }

    private static boolean restorable(List<SegmentManifest> archive, List<Gap> gaps, Instant moment) {
        Optional<AlignedBackup> base = BACKUPS.stream().filter(b -> !b.completedAt().isAfter(moment))
                .max(Comparator.comparing(AlignedBackup::completedAt));
        if (base.isEmpty()) {
            return false;
        }
        try {
            ReplayPlan.plan(base.get().streamLsn(), moment, Segments.spans(archive), COVERAGE, gaps);
            return true;
        } catch (NotCoveredException e) {
            return false;
        }
    }
}
