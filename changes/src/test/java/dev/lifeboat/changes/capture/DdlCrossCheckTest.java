package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DdlCrossCheckTest {

    private static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");
    private static final Instant T5 = T0.plusSeconds(5);
    private static final Instant T5_READ = T5.plusMillis(20);
    private static final Instant T10 = T5.plusSeconds(5);
    private static final Instant T10_READ = T10.plusMillis(20);

    @Test
    void aSchemaChangeWithNoDdlInTheStreamIsAGapBetweenTheTwoLooksOnceTheStreamReachesTheSecond() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("with an index", T5, T5_READ, new Lsn(480), new Lsn(500), false);

        assertThat(check.reached(new Lsn(499), false)).as("the stream has not reached the look yet").isEmpty();
        assertThat(check.reached(new Lsn(500), false)).contains(new DdlCrossCheck.Unrecorded(T0, T5_READ, new Lsn(500)));
        assertThat(check.reached(new Lsn(900), false)).as("judged once").isEmpty();
    }

    @Test
    void aDdlCommandCommittedBeforeTheLookOrEndingWhereItReadTheWalAccountsForTheChange() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("with an index", T5, T5_READ, new Lsn(480), new Lsn(500), false);
        assertThat(check.reached(new Lsn(400), true)).as("the CREATE INDEX came through the stream, ended at 400").isEmpty();
        assertThat(check.reached(new Lsn(520), false)).isEmpty();

        // a quiet database: the insert position read after the digest is the end of the DDL's own commit
        check.looked("with a view", T10, T10_READ, new Lsn(600), new Lsn(700), false);
        assertThat(check.reached(new Lsn(700), true)).isEmpty();
    }

    @Test
    void aDdlCommandEndingWhileTheDigestWasReadCountsForBothWindows() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("before", T5, T5_READ, new Lsn(480), new Lsn(500), false);
        // committed after the digest's snapshot, before the second insert position was read: the next look sees it
        assertThat(check.reached(new Lsn(490), true)).isEmpty();
        assertThat(check.reached(new Lsn(510), false)).isEmpty();
        check.looked("with an index", T10, T10_READ, new Lsn(580), new Lsn(600), false);
        assertThat(check.reached(new Lsn(600), false)).isEmpty();
    }

    @Test
    void aDdlCommandCommittedAfterTheLookDoesNotAccountForAChangeTheLookAlreadySaw() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("with an index", T5, T5_READ, new Lsn(480), new Lsn(500), false);
        assertThat(check.reached(new Lsn(600), true)).as("the transaction ending at 600 committed after the look").isPresent();
        check.looked("with an index and its DDL", T10, T10_READ, new Lsn(680), new Lsn(700), false);
        assertThat(check.reached(new Lsn(700), false)).as("that DDL accounts for the next window").isEmpty();
    }

    @Test
    void aGapOrAnUnjudgedWindowAccountsForItsChangeAndOnlyItsOwn() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.accounted();
        check.looked("with an index", T5, T5_READ, new Lsn(480), new Lsn(500), false);
        assertThat(check.reached(new Lsn(500), false)).isEmpty();
        check.looked("built concurrently", T10, T10_READ, new Lsn(580), new Lsn(600), true);
        assertThat(check.reached(new Lsn(600), false)).isEmpty();
        check.looked("changed unrecorded", T10.plusSeconds(5), T10_READ.plusSeconds(5), new Lsn(680), new Lsn(700), false);
        assertThat(check.reached(new Lsn(700), false)).as("the next window is judged again").isPresent();
    }

    @Test
    void anUnchangedDigestIsNoGapAndALookWhileOneWaitsIsNotKept() {
        DdlCrossCheck check = new DdlCrossCheck("same", T0);
        check.looked("same", T5, T5_READ, new Lsn(480), new Lsn(500), false);
        check.looked("changed", T10, T10_READ, new Lsn(680), new Lsn(700), false);
        assertThat(check.reached(new Lsn(800), false)).isEmpty();
        check.looked("changed", T10.plusSeconds(5), T10_READ.plusSeconds(5), new Lsn(880), new Lsn(900), false);
        assertThat(check.reached(new Lsn(900), false)).contains(new DdlCrossCheck.Unrecorded(T5, T10_READ.plusSeconds(5), new Lsn(900)));
    }
}
