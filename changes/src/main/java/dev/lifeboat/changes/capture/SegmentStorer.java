package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stores what the capture hands over (closed segments, coverage records) on a thread of its own, one at a time in the
 * order handed over, so that the stream is read on while a segment uploads. What it has stored is what the slot may be
 * confirmed up to: the stream's thread takes that position ({@link #takeStored()}) and confirms it there, since the
 * stream is not thread-safe. At most {@link #WAITING} steps wait: a slower bucket holds the stream back rather than let
 * memory grow. After a failed step nothing more is stored and the stream's thread gets the failure.
 */
final class SegmentStorer implements AutoCloseable {

    /** Steps handed over and not yet done, the running one included. */
    static final int WAITING = 2;

    /** One thing to store; answers the stream position that is stored once it has run. */
    interface Step {
        Lsn store() throws Exception;
    }

    private final ExecutorService thread;
    private final Semaphore room = new Semaphore(WAITING);
    private final AtomicReference<Lsn> stored = new AtomicReference<>();
    private volatile Exception failure;

    SegmentStorer(String databaseId) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread storer = new Thread(runnable, "segment-store-" + databaseId);
            storer.setDaemon(true);
            return storer;
        });
    }

    /** Hands a step over; waits while {@link #WAITING} are pending. */
    void submit(Step step) throws IOException {
        try {
            while (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to store a segment", e);
        }
        rethrow();
        thread.execute(() -> {
            try {
                if (failure == null) {
                    stored.set(step.store());
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                room.release();
            }
        });
    }

    /** The furthest position stored since the last call, or null. */
    Lsn takeStored() throws IOException {
        rethrow();
        return stored.getAndSet(null);
    }

    /** Waits until everything handed over is stored. */
    void drain() throws IOException {
        try {
            room.acquire(WAITING);
            room.release(WAITING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing the last segment", e);
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Exception failed = failure;
        if (failed instanceof IOException io) {
            throw new IOException("storing a segment failed: " + io.getMessage(), io);
        } else if (failed != null) {
            throw new IOException("storing a segment failed: " + failed, failed);
        }
    }

    /**
     * Lets the step under way finish (nothing after a failure runs): a capture started again reads the archive only
     * once this one no longer writes to it.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            while (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                // a step stores through the bucket client, whose own timeouts end it
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
