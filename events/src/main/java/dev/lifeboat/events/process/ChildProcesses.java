package dev.lifeboat.events.process;

import java.util.concurrent.TimeUnit;

/** Child processes Lifeboat runs ({@code pg_dump}, {@code pg_restore}): how one is stopped after a failure elsewhere. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Asks the child to stop (SIGTERM), and kills it when it has not within 5 s; nothing when it has exited already. */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
