package dev.lifeboat.backup.intake;

import dev.lifeboat.backup.failure.FailureCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static dev.lifeboat.backup.intake.BackupRequestQueue.backoff;
import static org.assertj.core.api.Assertions.assertThat;

/** How long a failed backup waits before its next attempt, and which failures get one. */
class RetryBackoffTest {

    /** lifeboat.backup.retry.initial-delay and max-delay as configured by default. */
    private static final Duration INITIAL = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofMinutes(10);

    @Test
    void theFirstRetryWaitsTheInitialDelayAndEachFurtherOneTwiceAsLong() {
        assertThat(backoff(1, INITIAL, MAX)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff(2, INITIAL, MAX)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff(3, INITIAL, MAX)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff(4, INITIAL, MAX)).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff(5, INITIAL, MAX)).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    void theDelayStopsAtTheMaximum() {
        assertThat(backoff(6, INITIAL, MAX)).as("16 minutes, capped").isEqualTo(MAX);
        assertThat(backoff(7, INITIAL, MAX)).isEqualTo(MAX);
        assertThat(backoff(50, INITIAL, MAX)).isEqualTo(MAX);
    }

    @Test
    void aDelayThatReachesTheMaximumExactlyIsThatDelay() {
        assertThat(backoff(4, INITIAL, Duration.ofMinutes(4))).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff(5, INITIAL, Duration.ofMinutes(4))).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void aMaximumBelowTheInitialDelayWinsFromTheFirstRetry() {
        assertThat(backoff(1, Duration.ofMinutes(1), Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anAttemptOfZeroOrLessWaitsTheInitialDelay() {
        assertThat(backoff(0, INITIAL, MAX)).isEqualTo(INITIAL);
        assertThat(backoff(-3, INITIAL, MAX)).isEqualTo(INITIAL);
    }

    @Test
    void theDoublingStopsAtTwoToTheTwentiethSoAHugeAttemptCannotOverflow() {
        Duration year = Duration.ofDays(365);

        assertThat(backoff(20, Duration.ofSeconds(1), year)).isEqualTo(Duration.ofSeconds(1L << 19));
        assertThat(backoff(21, Duration.ofSeconds(1), year)).isEqualTo(Duration.ofSeconds(1_048_576));
        assertThat(backoff(22, Duration.ofSeconds(1), year)).isEqualTo(Duration.ofSeconds(1_048_576));
        assertThat(backoff(Integer.MAX_VALUE, Duration.ofSeconds(1), year)).isEqualTo(Duration.ofSeconds(1_048_576));
    }

    @Test
    void aZeroInitialDelayRetriesAtOnceEveryTime() {
        assertThat(backoff(1, Duration.ZERO, MAX)).isZero();
        assertThat(backoff(10, Duration.ZERO, MAX)).isZero();
    }

    @Test
    void onlyFailuresAnotherAttemptMayFixAreRetried() {
        assertThat(Arrays.stream(FailureCode.values()).filter(FailureCode::retryable))
                .containsExactlyInAnyOrder(FailureCode.CONNECTION_FAILED, FailureCode.LOCK_TIMEOUT, FailureCode.DUMP_FAILED,
                        FailureCode.STORAGE_FAILED, FailureCode.INTERNAL);
        assertThat(Arrays.stream(FailureCode.values()).filter(code -> !code.retryable()))
                .containsExactlyInAnyOrder(FailureCode.UNKNOWN_DATABASE, FailureCode.CREDENTIAL_UNAVAILABLE,
                        FailureCode.ENCRYPTION_KEY_UNAVAILABLE, FailureCode.AUTHENTICATION_FAILED, FailureCode.DATABASE_NOT_FOUND,
                        FailureCode.PERMISSION_DENIED, FailureCode.ARCHIVE_TOO_LARGE, FailureCode.TOOL_UNAVAILABLE, FailureCode.SUPERSEDED);
    }
}
