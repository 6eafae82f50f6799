package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentSpan;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which segments bring an aligned backup to a moment, and which moments are refused before anything is restored. */
class ReplayPlanTest {

    private static final Instant T0 = Segments.T0;

    private static SegmentSpan segment(long from, long to, int firstSecond, int lastSecond, int coveredSecond, long sequence) {
        return Segments.span(from, to, firstSecond, lastSecond, coveredSecond);
    }

    private static final List<SegmentSpan> ARCHIVE = List.of(
            segment(100, 200, 1, 9, 10, 5), segment(200, 300, 11, 19, 20, 7), segment(300, 400, 21, 29, 30, 9));

    @Test
    void readsTheSegmentsFromTheBackupsPositionToTheFirstThatStartsAfterTheMoment() throws Exception {
        ReplayPlan plan = ReplayPlan.plan(new Lsn(150), T0.plusSeconds(15), ARCHIVE, Optional.empty(), List.of());

        assertThat(plan.segments()).extracting(SegmentSpan::fromLsn).containsExactly(new Lsn(100), new Lsn(200));
    }

    @Test
    void aMomentBetweenTheBackupAndTheNextCommitNeedsNoSegment() throws Exception {
        ReplayPlan plan = ReplayPlan.plan(new Lsn(250), T0.plusSeconds(19) , ARCHIVE.subList(1, 3), Optional.empty(), List.of());

        assertThat(plan.segments()).hasSize(1);
        ReplayPlan none = ReplayPlan.plan(new Lsn(400), T0.plusSeconds(35), ARCHIVE,
                Optional.of(new Coverage("db", new Lsn(450), T0.plusSeconds(40))), List.of());
        assertThat(none.segments()).isEmpty();
    }

    @Test
    void aMomentAfterWhatTheArchiveIsKnownToHoldIsRefused() {
        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(31), ARCHIVE, Optional.empty(), List.of()))
                .isInstanceOf(NotCoveredException.class)
                .hasMessageContaining("complete only up to " + T0.plusSeconds(30));
    }

    @Test
    void anIdleStreamsHeartbeatExtendsWhatTheArchiveCovers() throws Exception {
        Coverage heartbeat = new Coverage("db", new Lsn(420), T0.plusSeconds(60));

        assertThat(ReplayPlan.plan(new Lsn(150), T0.plusSeconds(59), ARCHIVE, Optional.of(heartbeat), List.of()).segments()).hasSize(3);
        Coverage stale = new Coverage("db", new Lsn(350), T0.plusSeconds(60));
        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(59), ARCHIVE, Optional.of(stale), List.of()))
                .isInstanceOf(NotCoveredException.class);
    }

    @Test
    void aBackupOlderThanTheArchiveIsRefused() {
        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(50), T0.plusSeconds(5), ARCHIVE, Optional.empty(), List.of()))
                .isInstanceOf(NotCoveredException.class)
                .hasMessageContaining("the backup is older than the capture");
    }

    @Test
    void aMissingSegmentIsRefusedNamingThePositionsBetween() {
        List<SegmentSpan> broken = List.of(ARCHIVE.get(0), ARCHIVE.get(2));

        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(25), broken, Optional.empty(), List.of()))
                .isInstanceOf(NotCoveredException.class)
                .hasMessageContaining("missing the changes between " + new Lsn(200) + " and " + new Lsn(300));
    }

    @Test
    void aMomentBeforeAMissingSegmentIsStillReachedAndOneInTheMissingSecondsIsNot() throws Exception {
        List<SegmentSpan> broken = List.of(ARCHIVE.get(0), ARCHIVE.get(2));

        assertThat(ReplayPlan.plan(new Lsn(150), T0.plusSeconds(8), broken, Optional.empty(), List.of()).segments())
                .extracting(SegmentSpan::fromLsn).containsExactly(new Lsn(100));
        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(12), broken,
                Optional.of(new Coverage("db", new Lsn(450), T0.plusSeconds(40))), List.of()))
                .isInstanceOf(NotCoveredException.class).hasMessageContaining("reaches no further than " + T0.plusSeconds(10));
    }

    @Test
    void aGapAfterTheBackupRefusesEveryMomentFromItsStartButNotBefore() throws Exception {
        Gap schemaChange = new Gap("db", "public.t", "the definition of public.t changed", T0.plusSeconds(12), new Lsn(250), T0.plusSeconds(15));

        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(12), ARCHIVE, Optional.empty(), List.of(schemaChange)))
                .isInstanceOf(NotCoveredException.class)
                .hasMessageContaining("the definition of public.t changed")
                .hasMessageContaining("until the first backup after " + T0.plusSeconds(15));
        assertThat(ReplayPlan.plan(new Lsn(150), T0.plusSeconds(11), ARCHIVE, Optional.empty(), List.of(schemaChange)).segments()).hasSize(2);
        assertThat(ReplayPlan.plan(new Lsn(260), T0.plusSeconds(25), ARCHIVE, Optional.empty(), List.of(schemaChange)).segments()).hasSize(2);
    }

    @Test
    void aCaptureThatStartedAgainOnANewSlotLeavesTheOldLineCompleteUpToItsGap() throws Exception {
        // the old line's last segment is covered to 30 s, its idle heartbeat proved 34 s before the database was replaced
        List<SegmentSpan> lines = List.of(segment(100, 200, 1, 9, 10, 5), segment(300, 400, 21, 29, 30, 9),
                segment(900, 1000, 51, 59, 60, 2));
        Gap replaced = new Gap("db", null, "shop was replaced by another database of its name", T0.plusSeconds(34),
                new Lsn(900), T0.plusSeconds(50));
        List<SegmentSpan> twoLines = List.of(lines.get(0), segment(200, 300, 11, 19, 20, 7), lines.get(1), lines.get(2));

        assertThat(ReplayPlan.plan(new Lsn(150), T0.plusSeconds(33), twoLines, Optional.empty(), List.of(replaced)).segments())
                .hasSize(3);
        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(35), twoLines, Optional.empty(), List.of(replaced)))
                .isInstanceOf(NotCoveredException.class).hasMessageContaining("was replaced");
        assertThat(ReplayPlan.plan(new Lsn(950), T0.plusSeconds(58), twoLines, Optional.empty(), List.of(replaced)).segments())
                .as("the new line from a backup taken on it").hasSize(1);
        assertThatThrownBy(() -> ReplayPlan.plan(new Lsn(150), T0.plusSeconds(33), lines, Optional.empty(), List.of()))
                .as("a break no restart explains").isInstanceOf(NotCoveredException.class).hasMessageContaining("missing");
    }

    @Test
    void justBeforeATransactionReadsBySegmentPositionNotByCommitTime() throws Exception {
        // the transaction at 250 committed at second 15 by the source's clock; its segment's first commit says second 16
        // (commit times may run a little out of commit order): the segment is read all the same
        List<SegmentSpan> archive = List.of(segment(100, 200, 1, 9, 10, 5), segment(200, 300, 16, 19, 20, 7),
                segment(300, 400, 21, 29, 30, 9));
        ReplayPlan plan = ReplayPlan.before(new Lsn(150), new Lsn(250), T0.plusSeconds(15), archive, List.of());

        assertThat(plan.segments()).extracting(SegmentSpan::fromLsn).containsExactly(new Lsn(100), new Lsn(200));
        assertThat(plan.before()).isEqualTo(new Lsn(250));
    }

    @Test
    void justBeforeATransactionWhoseOwnDdlIsAGapIsRestorableAndBeforeAGapItIsNot() throws Exception {
        Gap itsOwn = new Gap("db", "public.t", "ALTER TABLE computes values from now", T0.plusSeconds(15), new Lsn(250),
                T0.plusSeconds(15), Gap.Kind.SCHEMA_CHANGE);
        assertThat(ReplayPlan.before(new Lsn(150), new Lsn(250), T0.plusSeconds(15), ARCHIVE, List.of(itsOwn)).segments()).hasSize(2);

        Gap earlier = new Gap("db", "public.t", "the definition of public.t changed", T0.plusSeconds(12), new Lsn(240),
                T0.plusSeconds(13), Gap.Kind.SCHEMA_CHANGE);
        assertThatThrownBy(() -> ReplayPlan.before(new Lsn(150), new Lsn(250), T0.plusSeconds(15), ARCHIVE, List.of(earlier)))
                .isInstanceOf(NotCoveredException.class).hasMessageContaining("just before 0/FA cannot be replayed exactly");
        assertThatThrownBy(() -> ReplayPlan.before(new Lsn(260), new Lsn(250), T0.plusSeconds(15), ARCHIVE, List.of()))
                .hasMessageContaining("already holds the transaction");
        assertThatThrownBy(() -> ReplayPlan.before(new Lsn(150), new Lsn(450), T0.plusSeconds(35), ARCHIVE, List.of()))
                .hasMessageContaining("does not hold the transaction");
    }
}
