package dev.lifeboat.backup.capture;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureRetriesTest {

    private static final Duration NEVER_STREAMED = Duration.ZERO;

    @Test
    void failuresInARowWaitTwiceAsLongEachUpToTheLongestDelay() {
        CaptureRetries retries = new CaptureRetries(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5));
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(5);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(10);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(20);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(40);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(60);
        assertThat(retries.afterFailure(Duration.ofSeconds(4), false)).as("a stream shorter than the first delay made no progress")
                .hasSeconds(60);
    }

    @Test
    void aFailureThatWillNotPassByItselfIsTriedAgainMinutesApartNotSeconds() {
        CaptureRetries retries = new CaptureRetries(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(5));
        Duration delay = Duration.ZERO;
        for (int i = 0; i < 8; i++) {
            delay = retries.afterFailure(NEVER_STREAMED, true);
        }
        assertThat(delay).as("a wrong password, tried again").hasMinutes(5);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).as("the database out of reach").hasSeconds(10);
    }

    @Test
    void aStreamThatRanAtLeastTheFirstDelayStartsANewRunOfFailures() {
        CaptureRetries retries = new CaptureRetries(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5));
        retries.afterFailure(NEVER_STREAMED, false);
        retries.afterFailure(NEVER_STREAMED, false);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(20);
        assertThat(retries.afterFailure(Duration.ofSeconds(13), false)).as("the restore in place after a server restart").hasSeconds(5);
        assertThat(retries.afterFailure(NEVER_STREAMED, false)).hasSeconds(10);
    }
}
