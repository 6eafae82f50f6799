package dev.lifeboat.runtime.process;

import java.util.concurrent.TimeUnit;

/** Child processes Lifeboat runs ({@code pg_dump}, {@code pg_restore}, {@code wrangler}): how one is stopped after a failure elsewhere. */
public final class ChildProcess {

    private ChildProcess() {
    }

    /**
     * Asks the child and what it started to stop (SIGTERM), and kills them when they have not within 5 s; nothing when
     * they have exited already.
     */
    public static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
