package dev.lifeboat.backup.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WalLimitWatchTest {

    @Test
    void passingTheLimitWarnsOnceWhileTheWalKeptStaysHighOrWavers() {
        WalLimitWatch watch = new WalLimitWatch(1_000);
        assertThat(watch.passed(400)).isFalse();
        assertThat(watch.passed(1_000)).as("at the limit, not past it").isFalse();
        assertThat(watch.passed(1_001)).isTrue();
        assertThat(watch.passed(5_000)).isFalse();
        assertThat(watch.passed(900)).as("below the limit, not below half of it").isFalse();
        assertThat(watch.passed(1_200)).as("wavering around the limit warns once").isFalse();
    }

    @Test
    void afterFallingBelowHalfTheLimitPassingItAgainWarnsAgain() {
        WalLimitWatch watch = new WalLimitWatch(1_000);
        assertThat(watch.passed(2_000)).isTrue();
        assertThat(watch.passed(499)).isFalse();
        assertThat(watch.passed(1_500)).isTrue();
    }
}
