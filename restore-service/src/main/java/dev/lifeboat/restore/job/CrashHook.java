package dev.lifeboat.restore.job;

import dev.lifeboat.restore.config.CrashPoint;
import dev.lifeboat.restore.config.RestoreConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The points where a crash-recovery test stops a restore ({@link RestoreConfig#simulateCrashAt()}): a
 * {@link SimulatedCrash} is an {@link Error}, so no step's failure handling runs, as when the process is killed;
 * open JDBC sessions close, so their transactions are lost as a killed process's are.
 */
@ApplicationScoped
public class CrashHook {

    private final RestoreConfig config;

    public CrashHook(RestoreConfig config) {
        this.config = config;
    }

    void at(RestoreRun run, CrashPoint point) {
        if (config.simulateCrashAt().get(run.request().databaseId) == point) {
            throw new SimulatedCrash(run.restoreId(), point);
        }
    }

    /** A restore stopped by a test at {@code point}. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String restoreId, CrashPoint point) {
            super("restore " + restoreId + " stopped at " + point + " (simulated crash for a test)");
        }
    }
}
