package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.RestorableWindow.AlignedBackup;
import dev.lifeboat.changes.replay.RestorableWindow.Unreachable;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentSpan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.lifeboat.changes.replay.Segments.T0;

import static org.assertj.core.api.Assertions.assertThat;

/** The restorable window the API shows is exactly the seconds a restore's plan accepts. */
class RestorableWindowTest {

    private static final List<SegmentSpan> ARCHIVE = List.of(
            Segments.span(100, 200, 1, 9, 10), Segments.span(200, 300, 11, 19, 20), Segments.span(300, 400, 21, 29, 30));

    private static AlignedBackup backup(long lsn, int completedSecond) {
        return new AlignedBackup("b" + lsn, new Lsn(lsn), T0.plusSeconds(completedSecond));
    }

    @Test
    void runsFromTheFirstAlignedBackupTheArchiveReachesBackToUntilWhereTheArchiveIsKnownComplete() {
        RestorableWindow window = RestorableWindow.of(List.of(backup(50, 0), backup(150, 5)), ARCHIVE,
                Optional.of(new Coverage("db", new Lsn(450), T0.plusSeconds(40))), List.of());

        assertThat(window.from()).as("the backup at 50 is older than the archive").isEqualTo(T0.plusSeconds(5));
        assertThat(window.to()).as("the heartbeat's coverage").isEqualTo(T0.plusSeconds(40));
        assertThat(window.unreachable()).isEmpty();
    }

    @Test
    void hasNoSecondsWithoutAnAlignedBackupOrAnArchive() {
        assertThat(RestorableWindow.of(List.of(backup(50, 0)), ARCHIVE, Optional.empty(), List.of()).from()).isNull();
        assertThat(RestorableWindow.of(List.of(backup(150, 5)), List.of(), Optional.empty(), List.of()).to()).isNull();
    }

    @Test
    void aGapIsUnreachableUntilTheFirstAlignedBackupAfterItAndAnOpenGapUntilTheNextOne() {
        Gap columnAdded = new Gap("db", "public.t", "the definition of public.t changed", T0.plusSeconds(12), new Lsn(250),
                T0.plusSeconds(13));
        Gap newTable = new Gap("db", "public.u", "table public.u appeared", T0.plusSeconds(26), new Lsn(370), T0.plusSeconds(27),
                Gap.Kind.NEW_TABLE);

        RestorableWindow window = RestorableWindow.of(List.of(backup(150, 5), backup(320, 23)), ARCHIVE, Optional.empty(),
                List.of(newTable, columnAdded));

        assertThat(window.unreachable()).containsExactly(
                new Unreachable(T0.plusSeconds(12), T0.plusSeconds(23), "public.t", "the definition of public.t changed", Gap.Kind.SCHEMA_CHANGE),
                new Unreachable(T0.plusSeconds(26), null, "public.u", "table public.u appeared", Gap.Kind.NEW_TABLE));
    }

    @Test
    void changesMissingFromTheArchiveAreUnreachableUntilABackupPastThem() {
        List<SegmentSpan> broken = List.of(ARCHIVE.get(0), ARCHIVE.get(2));

        RestorableWindow window = RestorableWindow.of(List.of(backup(150, 5), backup(350, 25)), broken, Optional.empty(), List.of());

        assertThat(window.unreachable()).singleElement().satisfies(missing -> {
            assertThat(missing.from()).isEqualTo(T0.plusSeconds(10).plusNanos(1));
            assertThat(missing.until()).isEqualTo(T0.plusSeconds(25));
            assertThat(missing.reason()).contains("missing the changes between");
        });
    }

    @Test
    void everySecondTheWindowCallsRestorableIsOneAReplayPlanAcceptsAndNoOther() {
        List<AlignedBackup> backups = List.of(backup(150, 5), backup(320, 23));
        Optional<Coverage> coverage = Optional.of(new Coverage("db", new Lsn(450), T0.plusSeconds(40)));
        List<Gap> gaps = List.of(new Gap("db", "public.t", "changed", T0.plusSeconds(12), new Lsn(250), T0.plusSeconds(13)));
        agreeSecondBySecond(backups, ARCHIVE, coverage, gaps);
    }

    @Test
    void withChangesMissingTheWindowAndTheReplayPlanStillAgreeSecondBySecond() {
        List<AlignedBackup> backups = List.of(backup(150, 5), backup(350, 25));
        Optional<Coverage> coverage = Optional.of(new Coverage("db", new Lsn(450), T0.plusSeconds(40)));
        agreeSecondBySecond(backups, List.of(ARCHIVE.get(0), ARCHIVE.get(2)), coverage, List.of());
        agreeSecondBySecond(List.of(backup(150, 5)), List.of(ARCHIVE.get(0), ARCHIVE.get(2)), coverage, List.of());
    }

    /**
     * A database restored in place: the old line ends at 200, the capture found the replacement at 250 and its new slot
     * starts the new line at 300. A backup aligned at 270 (taken before the new slot was made) reaches no segment of
     * either line: the gap lasts until the backup at 320, as the plan says.
     */
    @Test
    void aRestartsGapLastsUntilABackupAlignedOnTheNewLineNotOneAlignedBeforeItBegan() {
        List<SegmentSpan> twoLines = List.of(ARCHIVE.get(0), ARCHIVE.get(2));
        Gap replaced = new Gap("db", null, "restored in place by r-1", T0.plusSeconds(10), new Lsn(250), T0.plusSeconds(15), "r-1");
        List<AlignedBackup> backups = List.of(backup(150, 5), backup(270, 17), backup(320, 23));
        Optional<Coverage> coverage = Optional.of(new Coverage("db", new Lsn(450), T0.plusSeconds(40)));

        RestorableWindow window = RestorableWindow.of(backups, twoLines, coverage, List.of(replaced));

        assertThat(window.unreachable()).containsExactly(new Unreachable(T0.plusSeconds(10), T0.plusSeconds(23), null,
                "restored in place by r-1", Gap.Kind.REPLACED_DATABASE));
        agreeSecondBySecond(backups, twoLines, coverage, List.of(replaced));
    }

    private static void agreeSecondBySecond(List<AlignedBackup> backups, List<SegmentSpan> archive, Optional<Coverage> coverage,
                                            List<Gap> gaps) {
        RestorableWindow window = RestorableWindow.of(backups, archive, coverage, gaps);

        for (int second = 0; second <= 45; second++) {
            Instant moment = T0.plusSeconds(second);
            Optional<AlignedBackup> base = backups.stream().filter(b -> !b.completedAt().isAfter(moment))
                    .max(Comparator.comparing(AlignedBackup::completedAt));
            boolean planned = base.isPresent() && accepted(base.get().streamLsn(), moment, archive, coverage, gaps);
            boolean shown = window.from() != null && !moment.isBefore(window.from()) && !moment.isAfter(window.to())
                    && window.unreachable().stream().noneMatch(u -> !moment.isBefore(u.from())
                    && (u.until() == null || moment.isBefore(u.until())));
            assertThat(shown).as("second %d: the window says %s, the plan %s", second, shown, planned).isEqualTo(planned);
        }
    }

    private static boolean accepted(Lsn base, Instant moment, List<SegmentSpan> archive, Optional<Coverage> coverage,
                                    List<Gap> gaps) {
        try {
            ReplayPlan.plan(base, moment, archive, coverage, gaps);
            return true;
        } catch (NotCoveredException e) {
            return false;
        }
    }

    @Test
    void startsRightAfterTheAlignedBackupWhileNothingHasCommittedSinceTheCaptureBegan() {
        RestorableWindow window = RestorableWindow.of(List.of(backup(150, 5)), List.of(),
                Optional.of(new Coverage("db", new Lsn(160), T0.plusSeconds(9))), List.of());

        assertThat(window.from()).isEqualTo(T0.plusSeconds(5));
        assertThat(window.to()).isEqualTo(T0.plusSeconds(9));
    }
}
