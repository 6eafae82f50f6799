package dev.lifeboat.runtime.work;

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
