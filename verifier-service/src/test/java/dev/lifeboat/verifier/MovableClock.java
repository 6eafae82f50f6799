package dev.lifeboat.verifier;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The verifier's clock in its tests (it replaces service-base's default {@link Clock} bean in every verifier test): UTC
 * system time, moved by an offset or held at an instant a test sets, and back to real time after it
 * ({@code VerifierClockTest} resets it), so a test moves the verifier's time and not the test's own.
 */
@Singleton
public class MovableClock extends Clock {

    volatile Duration offset = Duration.ZERO;
    volatile Instant fixed;

    /** Back to the real time. */
    void reset() {
        offset = Duration.ZERO;
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant held = fixed;
        return held != null ? held : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
