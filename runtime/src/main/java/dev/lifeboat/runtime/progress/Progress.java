package dev.lifeboat.runtime.progress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a long piece of work (a backup's dump, a restore's archive) has come, in bytes: counted by the thread that
 * moves them ({@link #counting}), read by another (the heartbeat that records it, a metric). Thread-safe.
 */
public final class Progress {

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong expected = new AtomicLong(-1);
    private volatile Instant started;

    /** Sets the bytes the work is expected to move (a database's size, an archive's stored size); unknown until then. */
    public void expect(long bytes, Instant from) {
        expected.set(bytes);
        started = from;
    }

    /** {@code in}, counting every byte read from it into this progress. */
    public InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    done.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    done.addAndGet(n);
                }
                return n;
            }
        };
    }

    /** Where it stands at {@code now}; null before {@link #expect} was called. */
    public ProgressReading read(Instant now) {
        Instant from = started;
        if (from == null) {
            return null;
        }
        return ProgressReading.of(done.get(), expected.get(), Duration.between(from, now));
    }
}
