package dev.lifeboat.backup.job;

import java.util.StringJoiner;

/**
 * How long each step before the dump took, for a backup's log line: {@code connect 12 ms, lock 2 ms, ...}. Marked
 * on the backup's own thread.
 */
final class StepTimes {

    private final StringJoiner steps = new StringJoiner(", ");
    private long last = System.nanoTime();

    /** Ends the step called {@code name} now. */
    void mark(String name) {
        long now = System.nanoTime();
        steps.add(name + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
