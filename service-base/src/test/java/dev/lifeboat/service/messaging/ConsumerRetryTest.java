package dev.lifeboat.service.messaging;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerRetryTest {

    private static ConsumerRetry policy(int maxRetries) {
        return new ConsumerRetry(new ConsumerRetry.Settings() {
            public Duration initialBackoff() {
                return Duration.ofMillis(1);
            }

            public Duration maxBackoff() {
                return Duration.ofMillis(5);
            }

            public int maxRetries() {
                return maxRetries;
            }
        });
    }

    private static Uni<String> failingTimes(int failures, AtomicInteger attempts) {
        return Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException("attempt " + attempts.get() + " failed");
            }
            return "done";
        });
    }

    @Test
    void aFailingEffectIsTriedAgainUntilItSucceedsWithinTheRetries() {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(policy(5).retrying(failingTimes(3, attempts)).await().atMost(Duration.ofSeconds(5))).isEqualTo("done");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void afterTheLastRetryTheFailureGoesOnToTheChannelsFailureStrategy() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> policy(2).retrying(failingTimes(10, attempts)).await().atMost(Duration.ofSeconds(5)))
                .hasMessage("attempt 3 failed");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void zeroRetriesMeansUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        assertThat(policy(0).retrying(failingTimes(20, attempts)).await().atMost(Duration.ofSeconds(10))).isEqualTo("done");
        assertThat(attempts).hasValue(21);
    }

    @Test
    void workRetriedOutsideAConsumerWaitsTheSameDoublingBackOffUpToItsLongest() {
        ConsumerRetry policy = policy(5);
        assertThat(policy.backoff(0)).isEqualTo(Duration.ofMillis(1));
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(2));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(4));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(5));
        assertThat(policy.backoff(1000)).isEqualTo(Duration.ofMillis(5));
    }
}
