package dev.lifeboat.runtime.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads a child's output (its stderr, or a short stdout) on a thread of its own, keeping the last {@value #KEEP} bytes' text. */
public final class OutputTail {

    /** How much of the end of a child's output a failure message can quote. */
    public static final int KEEP = 16 * 1024;
    private final StringBuilder text = new StringBuilder();
    private final Thread reader;

    private OutputTail(InputStream in, String name) {
        this.reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (text) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (text.length() > KEEP) {
                            text.delete(0, text.length() - KEEP);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        reader.setDaemon(true);
    }

    /** Starts reading {@code in} on a daemon thread named {@code name}. */
    public static OutputTail follow(InputStream in, String name) {
        OutputTail tail = new OutputTail(in, name);
        tail.reader.start();
        return tail;
    }

    /** The kept text, once the child closed the stream (waiting up to 5 s for it). */
    public String text() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(5));
        synchronized (text) {
            return text.toString();
        }
    }
}
