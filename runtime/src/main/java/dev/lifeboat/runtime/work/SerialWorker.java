package dev.lifeboat.runtime.work;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thread of its own that runs claimed work until none is left (pg_restore, S3 and JDBC block, so
 * never on an event loop). Call {@link #wakeUp()} after new work is recorded, and on a poll.
 *
 * <p>No wake-up is lost: at most one run waits in the thread's queue, and a run clears that mark when it
 * starts, not when it ends. So a wake-up that comes while a run is claiming (even just after its last
 * claim found nothing) queues the next run, which claims again, instead of waiting for the next poll.
 */
public final class SerialWorker implements AutoCloseable {

    /** How long {@link #close()} waits for an interrupted run to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Supplier<Optional<Runnable>> claimNext;
    private final Consumer<RuntimeException> onFailure;
    private final ExecutorService thread;

    private final AtomicBoolean queued = new AtomicBoolean();
    /** Set by {@link #close()}: a run that fails from then on failed because the service is stopping (its thread interrupted). */
    private volatile boolean closed;

    /**
     * @param claimNext takes the next piece of work (so no other replica takes it), or nothing when none waits
     * @param onFailure told of a failure that ended a run (the next wake-up or poll runs again); not of one that ends a run
     *                  because the worker was closed (the service stopping interrupts its thread): the work it held is
     *                  claimed again by the next start, and a stop that logs errors would hide real ones
     */
    public SerialWorker(String name, Supplier<Optional<Runnable>> claimNext, Consumer<RuntimeException> onFailure) {
        this.claimNext = claimNext;
        this.onFailure = onFailure;
        this.thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
    }

    public void wakeUp() {
        if (queued.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
    }

    private void drain() {
        queued.set(false);
        try {
            // once closing, nothing more is claimed: a claim is a transaction of a database the stopping service closes
            while (!closed) {
                Optional<Runnable> next = claimNext.get();
                if (next.isEmpty()) {
                    return;
                }
                next.get().run();
            }
        } catch (RuntimeException e) {
            if (!closed) {
                onFailure.accept(e);
            }
        }
    }

    /**
     * Whether {@link #close()} has begun: a run still in hand then ends because the service stops (its thread
     * interrupted, its connections about to close), so it records nothing more; the next start claims or ends its work.
     */
    public boolean closing() {
        return closed;
    }

    /**
     * Stops the worker: its run in hand is interrupted, and this waits (at most {@link #STOP_WAIT}) until the thread has
     * ended, so a stopping service closes its connections only after the run has let go of them.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
