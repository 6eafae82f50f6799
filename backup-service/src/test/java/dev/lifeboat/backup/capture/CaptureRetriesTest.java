package dev.lifeboat.backup.capture;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CaptureRetriesTest {

    private static final Duration NEVER_STREAMED = Duration.ZERO;

    @Test
    void failuresInARowWaitTwiceAsLongEachUpToTheLongestDelay() {
        CaptureRetries retries = new CaptureRetries(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(5);
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(10);
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(20);
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(40);
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(60);
        assertThat(retries.afterFailure(Duration.ofSeconds(4))).as("a stream shorter than the first delay made no progress")
                .hasSeconds(60);
    }

    @Test
    void aStreamThatRanAtLeastTheFirstDelayStartsANewRunOfFailures() {
        CaptureRetries retries = new CaptureRetries(Duration.ofSeconds(5), Duration.ofMinutes(1));
        retries.afterFailure(NEVER_STREAMED);
        retries.afterFailure(NEVER_STREAMED);
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(20);
        assertThat(retries.afterFailure(Duration.ofSeconds(13))).as("the restore in place after a server restart").hasSeconds(5);
        assertThat(retries.afterFailure(NEVER_STREAMED)).hasSeconds(10);
    }
}
