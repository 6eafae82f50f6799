package dev.lifeboat.runtime.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightRunsTest {

    @Test
    void closingWaitsForTheRunInsideToLeave() throws Exception {
        InFlightRuns runs = new InFlightRuns();
        assertTrue(runs.enter());
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
            try {
                return runs.close(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(closing.isDone(), "close returned while a run was inside");

        runs.leave();
        assertTrue(closing.get(10, TimeUnit.SECONDS), "close saw the run leave");
    }

    @Test
    void noRunEntersOnceClosing() throws Exception {
        InFlightRuns runs = new InFlightRuns();
        assertTrue(runs.close(Duration.ZERO), "nothing inside: closed at once");

        assertFalse(runs.enter());
    }

    @Test
    void closingGivesUpAfterItsWaitWhenARunStaysInside() throws Exception {
        InFlightRuns runs = new InFlightRuns();
        assertTrue(runs.enter());

        long started = System.nanoTime();
        assertFalse(runs.close(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos(), "gave up before its wait");
        assertFalse(runs.enter(), "still closed to new runs");
    }
}
