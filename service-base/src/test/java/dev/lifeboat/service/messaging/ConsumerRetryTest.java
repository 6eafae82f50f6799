package dev.lifeboat.service.messaging;

import io.smallrye.mutiny.Uni;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerRetryTest {

    private static ConsumerRetry policy(int maxRetries) {
        return policy(maxRetries, new SimpleMeterRegistry());
    }

    private static ConsumerRetry policy(int maxRetries, MeterRegistry registry) {
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
        }, registry);
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

    @Test
    void anOutageOfTheDatabaseIsWaitedOutBeyondTheRetriesAndNeverReachesTheDeadLetterTopic() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> downFor30Attempts = Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() <= 30) {
                throw new CompletionException(new SQLException("the database system is shutting down", "57P03"));
            }
            return "recorded";
        });
        assertThat(policy(2).retrying(downFor30Attempts).await().atMost(Duration.ofSeconds(10))).isEqualTo("recorded");
        assertThat(attempts).hasValue(31);
    }

    @Test
    void aRecordWaitingForTheDatabaseIsCountedByTheGaugeUntilItsEffectSucceeds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerRetry policy = policy(2, registry);
        CompletableFuture<Void> databaseBack = new CompletableFuture<>();
        Uni<String> effect = Uni.createFrom().item(() -> {
            if (!databaseBack.isDone()) {
                throw new IllegalStateException("pool", new ConnectException("Connection refused: localhost/127.0.0.1:5432"));
            }
            return "recorded";
        });
        CompletableFuture<String> result = policy.retrying(effect).subscribeAsCompletionStage();
        await(() -> policy.waiting() == 1);
        assertThat(registry.get(ConsumerRetry.WAITING_GAUGE).gauge().value()).isEqualTo(1.0);
        assertThat(result).isNotDone();

        databaseBack.complete(null);
        assertThat(result.join()).isEqualTo("recorded");
        assertThat(registry.get(ConsumerRetry.WAITING_GAUGE).gauge().value()).isZero();
    }

    @Test
    void afterAnOutageAnotherFailureStillReachesTheDeadLetterTopicAfterItsRetries() {
        AtomicInteger attempts = new AtomicInteger();
        ConsumerRetry policy = policy(2);
        Uni<String> effect = Uni.createFrom().item(() -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= 10) {
                throw new IllegalStateException("down", new SQLException("connection refused", "08001"));
            }
            throw new IllegalStateException("attempt " + attempt + " violates a constraint");
        });
        assertThatThrownBy(() -> policy.retrying(effect).await().atMost(Duration.ofSeconds(10)))
                .hasMessage("attempt 13 violates a constraint");
        assertThat(policy.waiting()).isZero();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
