package dev.lifeboat.backup.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A moment given as a query parameter: an ISO-8601 instant, or a 400 that says so. */
final class InstantParameter {

    private InstantParameter() {
    }

    /** Null when the parameter is absent. */
    static Instant parse(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-21T02:00:00Z, not '" + value + "'");
        }
    }
}
