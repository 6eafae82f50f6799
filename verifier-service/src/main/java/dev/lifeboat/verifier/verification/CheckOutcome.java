package dev.lifeboat.verifier.verification;

import dev.lifeboat.events.verification.VerificationCheck;

/** What a check of one backup found: passed or not, the check that decided it, and details a person can act on. */
public record CheckOutcome(boolean passed, VerificationCheck check, String details) {

    public static CheckOutcome pass(VerificationCheck check, String details) {
        return new CheckOutcome(true, check, details);
    }

    public static CheckOutcome fail(VerificationCheck check, String details) {
        return new CheckOutcome(false, check, details);
    }
}
