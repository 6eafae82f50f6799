package dev.lifeboat.verifier.worker;

import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One thread of its own that runs claimed work until none is left (pg_restore, S3 and JDBC block, so
 * never on an event loop). {@link #wakeUp()} after new work is recorded, and on a poll.
 */
public final class SerialWorker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SerialWorker.class);

    private final String name;
    private final Supplier<Optional<Runnable>> claimNext;
    private final ExecutorService thread;
    private final AtomicBoolean busy = new AtomicBoolean();

    /** @param claimNext takes the next piece of work (so no other replica takes it), or nothing when none waits */
    public SerialWorker(String name, Supplier<Optional<Runnable>> claimNext) {
        this.name = name;
        this.claimNext = claimNext;
        this.thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
    }

    public void wakeUp() {
        if (busy.compareAndSet(false, true)) {
            thread.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (Optional<Runnable> next = claimNext.get(); next.isPresent(); next = claimNext.get()) {
                next.get().run();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The %s worker failed; it tries again at the next poll", name);
        } finally {
            busy.set(false);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
