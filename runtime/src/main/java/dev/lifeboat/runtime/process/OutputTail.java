package dev.lifeboat.runtime.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Reads a child's output on a thread of its own: its stderr (the last {@value #KEEP} bytes, for a failure message), or a
 * whole short answer (up to a limit; more is an overflow the reader can tell). The bytes are decoded once, at the end, so
 * no character is cut between two reads.
 */
public final class OutputTail {

    /** How much of the end of a child's stderr a failure message can quote. */
    public static final int KEEP = 16 * 1024;
    private final int most;
    private final boolean keepTheEnd;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;
    private boolean overflowed;

    private OutputTail(InputStream in, String name, int most, boolean keepTheEnd) {
        this.most = most;
        this.keepTheEnd = keepTheEnd;
        this.reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    append(buffer, n);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        reader.setDaemon(true);
    }

    private synchronized void append(byte[] buffer, int n) {
        if (!keepTheEnd) { // a whole answer: what does not fit is dropped at once, never copied
            int room = most - bytes.size();
            overflowed |= n > room;
            bytes.write(buffer, 0, Math.max(0, Math.min(n, room)));
            return;
        }
        bytes.write(buffer, 0, n);
        if (bytes.size() > most) { // a stderr's end: at most one copy of KEEP bytes per read
            overflowed = true;
            byte[] all = bytes.toByteArray();
            bytes.reset();
            bytes.write(all, all.length - most, most);
        }
    }

    /** Starts reading {@code in} on a daemon thread named {@code name}, keeping its last {@value #KEEP} bytes (a stderr). */
    public static OutputTail follow(InputStream in, String name) {
        return start(new OutputTail(in, name, KEEP, true));
    }

    /** Starts reading a whole answer of at most {@code most} bytes; what comes after them is dropped and {@link #overflowed} says so. */
    public static OutputTail whole(InputStream in, String name, int most) {
        return start(new OutputTail(in, name, most, false));
    }

    private static OutputTail start(OutputTail tail) {
        tail.reader.start();
        return tail;
    }

    /** The kept text, once the child closed the stream (waiting up to 5 s for it). */
    public String text() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(5));
        synchronized (this) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether the output was longer than what was kept. */
    public synchronized boolean overflowed() {
        return overflowed;
    }
}
