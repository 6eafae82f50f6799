package dev.lifeboat.runtime.work;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescingRunTest {

    @Test
    void awaitingIdleWaitsForTheRunInFlightAndNoLonger() throws Throwable {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CoalescingRun run = new CoalescingRun(() -> {
            started.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
        });
        assertTrue(run.awaitIdle(java.time.Duration.ofMillis(10)), "idle before any run");
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> {
            try {
                run.request();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        assertEquals(false, run.awaitIdle(java.time.Duration.ofMillis(100)), "a run still in flight");
        release.countDown();
        assertTrue(run.awaitIdle(java.time.Duration.ofSeconds(10)), "the run in flight ended");
        inFlight.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestWhileTheTaskRunsReturnsAtOnceAndMakesTheRunningThreadGoRoundOnceMore() throws Throwable {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstRunStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstRun = new CountDownLatch(1);
        CoalescingRun run = new CoalescingRun(() -> {
            if (runs.incrementAndGet() == 1) {
                firstRunStarted.countDown();
                assertTrue(releaseFirstRun.await(10, TimeUnit.SECONDS));
            }
        });
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                run.request();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstRunStarted.await(10, TimeUnit.SECONDS));

        run.request();
        run.request();
        assertEquals(1, runs.get(), "a request while the task runs must not run it on the caller's thread");

        releaseFirstRun.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertEquals(2, runs.get(), "the two requests made while it ran coalesce into one more run");

        run.request();
        assertEquals(3, runs.get(), "an idle task runs at once on the caller's thread");
    }

    @Test
    void whatTheTaskThrowsReachesTheCallerAndTheNextRequestRunsAgain() throws Throwable {
        AtomicInteger runs = new AtomicInteger();
        CoalescingRun run = new CoalescingRun(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        });
        assertThrows(IllegalStateException.class, run::request);
        run.request();
        assertEquals(2, runs.get());
    }
}
