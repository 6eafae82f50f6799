package dev.lifeboat.postgres.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An archive's plaintext read on a thread of its own, up to {@value #AHEAD} chunks of {@value #CHUNK} bytes ahead of
 * {@code pg_restore}: fetching, checking, decrypting and decompressing the next megabytes overlaps with {@code pg_restore}
 * loading the last ones, where in one thread each waited for the other (the child's pipe holds 64 KiB). What the read
 * throws, an {@link Error} too, is thrown to the consumer after the chunks before it. Its buffers are reused: at most
 * {@value #AHEAD} + 2 chunks exist. Not thread-safe on the consumer's side: one consumer.
 */
final class PlaintextReadAhead implements AutoCloseable {

    static final int CHUNK = 1 << 20;
    static final int AHEAD = 8;
    /** How long closing waits for the reader's current read: a stalled bucket's own timeouts end it sooner. */
    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(30);

    /** A filled buffer, the end (no bytes), or what the read threw. */
    record Chunk(byte[] bytes, int length, Throwable failure) {
        static final Chunk END = new Chunk(null, 0, null);
    }

    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(AHEAD);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(AHEAD + 2);
    private final Thread reader;
    private volatile boolean stopped;

    PlaintextReadAhead(InputStream plaintext) {
        for (int i = 0; i < AHEAD + 2; i++) {
            free.add(new byte[CHUNK]);
        }
        reader = new Thread(() -> read(plaintext), "lifeboat-plaintext-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream plaintext) {
        try {
            while (!stopped) {
                byte[] buffer = free.poll(100, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    continue;
                }
                int length = plaintext.readNBytes(buffer, 0, CHUNK);
                if (length > 0) {
                    hand(new Chunk(buffer, length, null));
                }
                if (length < CHUNK) {
                    hand(Chunk.END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            hand(new Chunk(null, 0, new InterruptedIOException("the archive's read-ahead was interrupted")));
        } catch (Throwable failure) {
            hand(new Chunk(null, 0, failure));
        }
    }

    /** Waits for room, unless the consumer has closed this. */
    private void hand(Chunk chunk) {
        while (!stopped) {
            try {
                if (filled.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                // nobody interrupts the reader but the JVM's end: the consumer still learns how the read ended
            }
        }
    }

    /**
     * The next chunk in order, or null at the end of the plaintext; give it back with {@link #recycle} once written.
     *
     * @throws IOException          what reading the plaintext threw (an {@code ArchiveIntegrityException} as it was), or
     *                              that the reader ended without saying how
     * @throws InterruptedException the consumer was interrupted while it waited
     */
    Chunk next() throws IOException, InterruptedException {
        Chunk chunk = filled.poll(100, TimeUnit.MILLISECONDS);
        while (chunk == null) {
            if (!reader.isAlive() && filled.isEmpty()) {
                throw new IOException("the archive's read-ahead ended without its end or a failure");
            }
            chunk = filled.poll(100, TimeUnit.MILLISECONDS);
        }
        if (chunk.failure() != null) {
            filled.add(chunk); // every later call throws it too
            throw rethrown(chunk.failure());
        }
        if (chunk == Chunk.END) {
            filled.add(chunk);
            return null;
        }
        return chunk;
    }

    /** A chunk written, whose buffer may be filled again. */
    void recycle(Chunk chunk) {
        free.add(chunk.bytes());
    }

    private static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }

    /**
     * Stops the reader, whether or not the plaintext was read to its end, and waits for it (at most {@link #STOP_WAIT}):
     * its current read of at most a chunk ends on its own (it is not interrupted, which would close an interruptible
     * channel under it), and it reads no further, so the caller may close or abort the stream it read after this.
     */
    @Override
    public void close() {
        stopped = true;
        try {
            reader.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
