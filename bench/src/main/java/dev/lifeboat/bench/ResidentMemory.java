package dev.lifeboat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a process's resident memory (VmRSS) every 50 ms on a thread of its own and keeps the peak. */
final class ResidentMemory implements AutoCloseable {

    private final long pid;
    private final AtomicLong peakKb = new AtomicLong();
    private final Thread sampler;
    private volatile boolean sampling = true;

    private final long beforeKb;

    private ResidentMemory(long pid) {
        this.pid = pid;
        this.beforeKb = rssKb();
        this.sampler = new Thread(this::sample, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ResidentMemory watch(long pid) {
        return new ResidentMemory(pid);
    }

    /** Resident memory when watching began. */
    long beforeMb() {
        return beforeKb / 1024;
    }

    long peakMb() {
        return peakKb.get() / 1024;
    }

    private void sample() {
        while (sampling) {
            peakKb.accumulateAndGet(rssKb(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        sampling = false;
        sampler.join();
    }
}
