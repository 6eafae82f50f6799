package dev.lifeboat.service.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link ConsumerRetryTest} leaves out: the edges of the back-off. */
class ConsumerRetryBackoffTest {

    private static ConsumerRetry policy(Duration initial, Duration longest) {
        return new ConsumerRetry(new ConsumerRetry.Settings() {
            public Duration initialBackoff() {
                return initial;
            }

            public Duration maxBackoff() {
                return longest;
            }

            public int maxRetries() {
                return 5;
            }
        }, new SimpleMeterRegistry());
    }

    @Test
    void aNegativeFailureCountWaitsTheFirstBackOff() {
        ConsumerRetry policy = policy(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(policy.backoff(-1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(Integer.MIN_VALUE)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theWaitDoublesAtMostTwentyTimesEvenBelowTheLongest() {
        ConsumerRetry policy = policy(Duration.ofMillis(1), Duration.ofDays(1));
        assertThat(policy.backoff(19)).isEqualTo(Duration.ofMillis(1L << 19));
        assertThat(policy.backoff(20)).isEqualTo(Duration.ofMillis(1_048_576));
        assertThat(policy.backoff(21)).isEqualTo(Duration.ofMillis(1_048_576));
        assertThat(policy.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(1_048_576));
    }

    @Test
    void aFirstBackOffLongerThanTheLongestIsCutToTheLongest() {
        ConsumerRetry policy = policy(Duration.ofSeconds(10), Duration.ofSeconds(5));
        assertThat(policy.backoff(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(5));
    }
}
