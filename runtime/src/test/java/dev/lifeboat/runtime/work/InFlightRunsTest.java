package dev.lifeboat.runtime.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightRunsTest {

    @Test
    void closingWaitsForTheRunInsideToLeave() throws Exception {
        InFlightRuns runs = new InFlightRuns();
        assertTrue(runs.enter());
        AtomicBoolean closed = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            try {
                closed.set(runs.close(Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        assertTrue(runs.closed(), "closed to new runs while it waits");

        runs.leave();
        closer.join(10_000);
        assertFalse(closer.isAlive(), "close returned once the run left");
        assertTrue(closed.get(), "close saw the run leave");
    }

    @Test
    void aRunCannotLeaveWithoutHavingEntered() {
        assertThrows(IllegalStateException.class, new InFlightRuns()::leave);
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
