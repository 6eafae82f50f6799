package dev.lifeboat.restore.job;

import dev.lifeboat.restore.config.CrashPoint;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.journal.RestoreRequestRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The points where a crash-recovery test stops a restore: in-process ({@link RestoreConfig#simulateCrashAt()}), a
 * {@link SimulatedCrash} is an {@link Error}, so no step's failure handling runs, as when the process is killed;
 * open JDBC sessions close, so their transactions are lost as a killed process's are. For a test that kills the
 * real process ({@link RestoreConfig#pauseAt()}), the restore waits there for good instead, its transaction open.
 */
@ApplicationScoped
public class CrashHook {

    private static final Logger LOG = Logger.getLogger(CrashHook.class);

    private final RestoreConfig config;

    public CrashHook(RestoreConfig config) {
        this.config = config;
    }

    void at(RestoreRun run, CrashPoint point) {
        at(run.request(), point);
    }

    void at(RestoreRequestRecord request, CrashPoint point) {
        if (config.simulateCrashAt().get(request.databaseId) == point) {
            throw new SimulatedCrash(request.restoreId, point);
        }
        if (config.pauseAt().get(request.databaseId) == point) {
            LOG.warnf("Restore %s paused at %s, to be killed there by a test", request.restoreId, point);
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SimulatedCrash(request.restoreId, point);
            }
        }
    }

    /** A restore stopped by a test at {@code point}. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String restoreId, CrashPoint point) {
            super("restore " + restoreId + " stopped at " + point + " (simulated crash for a test)");
        }
    }
}
