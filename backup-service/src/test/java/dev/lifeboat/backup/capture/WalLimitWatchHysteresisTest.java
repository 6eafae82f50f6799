package dev.lifeboat.backup.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WalLimitWatchHysteresisTest {

    @Test
    void theFirstMeasurementPastTheLimitWarnsWithoutAnyBeforeIt() {
        WalLimitWatch watch = new WalLimitWatch(1_000);

        assertThat(watch.passed(1_001)).isTrue();
    }

    @Test
    void exactlyHalfTheLimitDoesNotReArmTheWarning() {
        WalLimitWatch watch = new WalLimitWatch(1_000);
        assertThat(watch.passed(2_000)).isTrue();

        assertThat(watch.passed(500)).as("half of the limit is not below half of it").isFalse();
        assertThat(watch.passed(2_000)).as("still counted as above since the last warning").isFalse();
    }

    @Test
    void theMeasurementThatFallsBelowHalfReArmsButDoesNotWarnItself() {
        WalLimitWatch watch = new WalLimitWatch(1_000);
        assertThat(watch.passed(1_500)).isTrue();

        assertThat(watch.passed(0)).isFalse();
        assertThat(watch.passed(1_000)).as("back at the limit, not past it").isFalse();
        assertThat(watch.passed(1_001)).isTrue();
    }

    @Test
    void halfOfAnOddLimitIsRoundedDown() {
        WalLimitWatch watch = new WalLimitWatch(1_001);
        assertThat(watch.passed(2_000)).isTrue();

        assertThat(watch.passed(500)).as("1001 / 2 is 500: 500 is not below it").isFalse();
        assertThat(watch.passed(2_000)).isFalse();
        assertThat(watch.passed(499)).isFalse();
        assertThat(watch.passed(1_002)).isTrue();
    }

    @Test
    void everyRiseAfterAFallBelowHalfWarnsOnceMore() {
        WalLimitWatch watch = new WalLimitWatch(100);
        int warnings = 0;
        for (int cycle = 0; cycle < 3; cycle++) {
            for (long walBytes : new long[] {150, 120, 101, 60, 49}) {
                if (watch.passed(walBytes)) {
                    warnings++;
                }
            }
        }

        assertThat(warnings).isEqualTo(3);
    }

    @Test
    void fallingBelowHalfBeforeEverPassingTheLimitChangesNothing() {
        WalLimitWatch watch = new WalLimitWatch(1_000);

        assertThat(watch.passed(0)).isFalse();
        assertThat(watch.passed(10)).isFalse();
        assertThat(watch.passed(1_001)).isTrue();
        assertThat(watch.passed(1_001)).isFalse();
    }

    @Test
    void aMeasurementBetweenHalfAndTheLimitKeepsTheWatchAboveAfterAWarning() {
        WalLimitWatch watch = new WalLimitWatch(1_000);
        assertThat(watch.passed(1_001)).isTrue();

        assertThat(watch.passed(501)).isFalse();
        assertThat(watch.passed(999)).isFalse();
        assertThat(watch.passed(10_000)).isFalse();
    }

    @Test
    void nothingPassesTheLargestPossibleLimit() {
        WalLimitWatch watch = new WalLimitWatch(Long.MAX_VALUE);

        assertThat(watch.passed(Long.MAX_VALUE)).isFalse();
        assertThat(watch.passed(0)).isFalse();
    }

    @Test
    void withALimitOfZeroAnyWalWarnsOnceAndNoMeasurementFallsBelowHalfOfIt() {
        WalLimitWatch watch = new WalLimitWatch(0);

        assertThat(watch.passed(0)).isFalse();
        assertThat(watch.passed(1)).isTrue();
        assertThat(watch.passed(0)).isFalse();
        assertThat(watch.passed(1)).isFalse();
    }

    @Test
    void itTellsTheLimitItWatches() {
        assertThat(new WalLimitWatch(4_096).limit()).isEqualTo(4_096);
    }
}
