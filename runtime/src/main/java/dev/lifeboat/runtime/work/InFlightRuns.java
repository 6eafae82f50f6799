package dev.lifeboat.runtime.work;

import java.time.Duration;

/**
 * Counts the runs in flight so that a stopping service can let them end before what they use (its database pool, its
 * Kafka producer) closes under them: once {@link #close} has been called no run enters, and close waits for the ones
 * inside to leave. A run cut off that way failed on a closed pool and logged an error at every clean stop.
 */
public final class InFlightRuns {

    private int inside;
    private boolean closed;

    /** @return false once closed: the caller must not run (and must not call {@link #leave()}) */
    public synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inside++;
        return true;
    }

    /** True once {@link #close} has been called: a run of many items ends between them. */
    public synchronized boolean closed() {
        return closed;
    }

    /** Called once by each run that {@link #enter() entered}, however it ended. */
    public synchronized void leave() {
        if (inside == 0) {
            throw new IllegalStateException("a run left that had not entered");
        }
        inside--;
        if (inside == 0) {
            notifyAll();
        }
    }

    /**
     * No run enters from now on; waits until the runs inside have left, at most {@code wait}.
     *
     * @return false when a run was still inside after {@code wait}
     */
    public synchronized boolean close(Duration wait) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + wait.toNanos();
        while (inside > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
