package dev.lifeboat.runtime.work;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SerialWorkerTest {

    @Test
    void workRecordedJustAfterTheLastClaimFoundNothingIsRunWithoutAnotherPoll() throws Exception {
        ConcurrentLinkedQueue<String> recorded = new ConcurrentLinkedQueue<>(java.util.List.of("first"));
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        CountDownLatch secondRan = new CountDownLatch(1);
        AtomicBoolean lateWorkRecorded = new AtomicBoolean();
        AtomicReference<SerialWorker> worker = new AtomicReference<>();
        worker.set(new SerialWorker("test-worker", () -> {
            String next = recorded.poll();
            if (next != null) {
                return Optional.of(() -> {
                    ran.add(next);
                    if (next.equals("late")) {
                        secondRan.countDown();
                    }
                });
            }
            if (lateWorkRecorded.compareAndSet(false, true)) {
                // Another thread records work and wakes the worker while this run still holds it: the
                // claim above already found nothing, so only a new run can take "late".
                recorded.add("late");
                worker.get().wakeUp();
            }
            return Optional.empty();
        }, e -> {
            throw new AssertionError(e);
        }));
        try {
            worker.get().wakeUp();
            assertThat(secondRan.await(10, TimeUnit.SECONDS)).as("the late work ran without a poll").isTrue();
            assertThat(ran).containsExactly("first", "late");
        } finally {
            worker.get().close();
        }
    }

    @Test
    void aRunThatFailsIsReportedAndTheNextWakeUpRunsAgain() throws Exception {
        AtomicReference<RuntimeException> reported = new AtomicReference<>();
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch ranAfter = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        SerialWorker worker = new SerialWorker("test-worker", () -> {
            if (first.getAndSet(false)) {
                throw new IllegalStateException("the database is away");
            }
            ranAfter.countDown();
            return Optional.empty();
        }, e -> {
            reported.set(e);
            failed.countDown();
        });
        try {
            worker.wakeUp();
            assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reported.get()).hasMessage("the database is away");
            worker.wakeUp();
            assertThat(ranAfter.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            worker.close();
        }
    }

    @Test
    void aRunEndedByClosingTheWorkerIsNotReportedAsAFailure() throws Exception {
        CountDownLatch claiming = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<RuntimeException> reported = new AtomicReference<>();
        SerialWorker worker = new SerialWorker("test-worker", () -> {
            claiming.countDown();
            try {
                new CountDownLatch(1).await(); // a claim waiting on the database when the service stops
                return Optional.empty();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted while awaiting the database", e);
            } finally {
                ended.countDown();
            }
        }, reported::set);

        worker.wakeUp();
        assertThat(claiming.await(10, TimeUnit.SECONDS)).isTrue();
        worker.close(); // returns once the interrupted run has ended, its failure handled

        assertThat(ended.getCount()).as("closing interrupted the run and waited for it").isZero();
        assertThat(reported.get()).as("a stop is no failure").isNull();
    }

    @Test
    void aRunInHandSeesThatTheWorkerIsClosingSoItRecordsNothing() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean closingSeen = new AtomicBoolean();
        AtomicReference<SerialWorker> worker = new AtomicReference<>();
        AtomicBoolean claimed = new AtomicBoolean();
        worker.set(new SerialWorker("test-worker", () -> claimed.getAndSet(true) ? Optional.empty() : Optional.of(() -> {
            assertThat(worker.get().closing()).as("not closing while the service runs").isFalse();
            running.countDown();
            try {
                new CountDownLatch(1).await(); // a restore test under way when the service stops
            } catch (InterruptedException e) {
                closingSeen.set(worker.get().closing());
            }
        }), e -> {
            throw new AssertionError(e);
        }));

        worker.get().wakeUp();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        worker.get().close();

        assertThat(closingSeen).as("the interrupted run knew the worker was closing").isTrue();
    }

    @Test
    void aWorkerClosedDuringARunClaimsNothingAfterIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger claims = new java.util.concurrent.atomic.AtomicInteger();
        SerialWorker worker = new SerialWorker("test-worker", () -> {
            claims.incrementAndGet();
            return Optional.of(() -> {
                running.countDown();
                try {
                    new CountDownLatch(1).await(); // a restore test under way when the service stops
                } catch (InterruptedException e) {
                    // cut short by the stop; returns normally, as a run that records nothing does
                }
            });
        }, e -> {
            throw new AssertionError(e);
        });

        worker.wakeUp();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        worker.close();

        assertThat(claims).as("no claim (a database transaction) once the worker is closing").hasValue(1);
    }
}
