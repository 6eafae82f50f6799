package dev.lifeboat.service.stopping;

import dev.lifeboat.runtime.work.InFlightRuns;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The runs of {@link EndsBeforeStop} methods in flight. At shutdown, before the service's other stop observers and
 * before its pools close, no run starts any more and those in flight get up to {@link #WAIT} to end. A run that goes
 * through many items (deliveries, claims) asks {@link #stopping()} between them and ends early.
 */
@Singleton
public class RunsAtStop {

    /** How long a stop waits for the runs in flight; a run still going after it may fail on a closed pool. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(RunsAtStop.class);

    private final InFlightRuns runs = new InFlightRuns();

    /** True once the service stops: take no new work, and end a run between its items. */
    public boolean stopping() {
        return runs.closed();
    }

    boolean enter() {
        return runs.enter();
    }

    void leave() {
        runs.leave();
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        try {
            if (!runs.close(WAIT)) {
                LOG.infof("A scheduled run still goes on %s after the stop began; the service stops anyway", WAIT);
            }
        } catch (InterruptedException e) {
            // the stop goes on: the other stop observers still let their own work end
            LOG.debug("Interrupted while waiting for the scheduled runs in flight; the service stops anyway");
        }
    }
}
