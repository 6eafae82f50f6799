package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DdlCrossCheckTest {

    private static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");
    private static final Instant T5 = T0.plusSeconds(5);
    private static final Instant T5_READ = T5.plusMillis(20);

    @Test
    void aSchemaChangeWithNoDdlInTheStreamIsAGapBetweenTheTwoLooksOnceTheStreamReachesTheSecond() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("with an index", T5, T5_READ, new Lsn(500));

        assertThat(check.reached(new Lsn(499))).as("the stream has not reached the look yet").isEmpty();
        assertThat(check.reached(new Lsn(500))).contains(new DdlCrossCheck.Unrecorded(T0, T5_READ, new Lsn(500)));
        assertThat(check.reached(new Lsn(900))).as("judged once").isEmpty();
    }

    @Test
    void aDdlCommandCommittedBeforeTheLookOrAGapAccountsForTheChange() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("with an index", T5, T5_READ, new Lsn(500));
        check.reached(new Lsn(400));
        check.accounted(); // the CREATE INDEX came through the stream, committed at 400
        assertThat(check.reached(new Lsn(520))).isEmpty();

        check.accounted(); // a gap was recorded
        check.looked("with a view", T5.plusSeconds(5), T5_READ.plusSeconds(5), new Lsn(800));
        assertThat(check.reached(new Lsn(800))).isEmpty();
    }

    @Test
    void aDdlCommandCommittedAfterTheLookDoesNotAccountForAChangeTheLookAlreadySaw() {
        DdlCrossCheck check = new DdlCrossCheck("before", T0);
        check.looked("with an index", T5, T5_READ, new Lsn(500));
        // the transaction ending at 600 carried DDL: it is told after the look waiting at 500 is judged
        assertThat(check.reached(new Lsn(600))).isPresent();
        check.accounted();
        check.looked("with an index and its DDL", T5.plusSeconds(5), T5_READ.plusSeconds(5), new Lsn(700));
        assertThat(check.reached(new Lsn(700))).as("that DDL accounts for the next window").isEmpty();
    }

    @Test
    void anUnchangedDigestIsNoGapAndALookWhileOneWaitsIsNotKept() {
        DdlCrossCheck check = new DdlCrossCheck("same", T0);
        check.looked("same", T5, T5_READ, new Lsn(500));
        check.looked("changed", T5.plusSeconds(5), T5_READ.plusSeconds(5), new Lsn(700));
        assertThat(check.reached(new Lsn(800))).isEmpty();
        check.looked("changed", T5.plusSeconds(10), T5_READ.plusSeconds(10), new Lsn(900));
        assertThat(check.reached(new Lsn(900))).contains(new DdlCrossCheck.Unrecorded(T5, T5_READ.plusSeconds(10), new Lsn(900)));
    }
}
