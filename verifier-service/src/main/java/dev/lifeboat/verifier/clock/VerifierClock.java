package dev.lifeboat.verifier.clock;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The time as the verifier sees it: when schedules fire, how old backups are, when a freshness breach
 * starts. One bean, so a test can move the verifier's time (and only it) forward.
 */
@ApplicationScoped
public class VerifierClock {

    public Instant now() {
        return Instant.now();
    }
}
