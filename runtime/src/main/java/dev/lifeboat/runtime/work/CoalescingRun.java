package dev.lifeboat.runtime.work;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task on one thread at a time, without losing a request that arrives while it runs: a caller that
 * finds the task running does not wait, it marks it wanted again, and the running thread goes round once more
 * before it lets go. So "new work was committed, look now" is never left to the next scheduled tick (which
 * would add up to a tick of latency when the tick's own look happened just before the commit).
 */
public final class CoalescingRun {

    /** The task; it may throw anything, which reaches the caller whose thread ran it. */
    @FunctionalInterface
    public interface Task {
        void run() throws Throwable;
    }

    private final Task task;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public CoalescingRun(Task task) {
        this.task = task;
    }

    /**
     * Waits until no thread runs the task, at most {@code timeout}: for a service that stops, so that a run in flight
     * ends before what it uses (its database pool) closes under it.
     *
     * @return false when a run still goes on after the timeout
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (!running.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        running.unlock();
        return true;
    }

    /** Runs the task now on this thread, or makes sure the thread running it now runs it again afterwards. */
    public void request() throws Throwable {
        wanted.set(true);
        while (wanted.get() && running.tryLock()) {
            try {
                wanted.set(false);
                task.run();
            } finally {
                running.unlock();
            }
        }
    }
}
