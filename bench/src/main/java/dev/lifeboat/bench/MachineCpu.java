package dev.lifeboat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the whole machine spent (every process, the servers included) between two readings of
 * {@code /proc/stat}'s first line: user, nice, system, irq, softirq and steal, in core-seconds (the kernel counts in
 * hundredths of a second). Beside a wall time it says how much work a run was and how many cores it kept busy.
 */
final class MachineCpu {

    private static final double TICKS_PER_SECOND = 100.0;
    private final long busyTicksAtStart;

    private MachineCpu(long busyTicksAtStart) {
        this.busyTicksAtStart = busyTicksAtStart;
    }

    static MachineCpu start() {
        return new MachineCpu(busyTicks());
    }

    /** Core-seconds spent since {@link #start()}. */
    double coreSeconds() {
        return (busyTicks() - busyTicksAtStart) / TICKS_PER_SECOND;
    }

    private static long busyTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int field : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[field]);
            }
            return busy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }
}
