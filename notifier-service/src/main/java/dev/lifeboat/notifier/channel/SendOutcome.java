package dev.lifeboat.notifier.channel;

import java.time.Duration;

/** What one attempt to send came to. */
public sealed interface SendOutcome {

    /** The channel took it. */
    record Sent() implements SendOutcome {
    }

    /** Worth trying again: a 5xx, a timeout, a 429 (then {@code after} is the server's Retry-After, else null). */
    record RetryLater(Duration after, String reason) implements SendOutcome {
    }

    /** Trying again cannot help (a 4xx other than 408 and 429, a channel without its secret). */
    record Refused(String reason) implements SendOutcome {
    }

    static SendOutcome ofHttpStatus(int status, String retryAfter, String what) {
        if (status >= 200 && status < 300) {
            return new Sent();
        }
        String reason = what + " answered HTTP " + status;
        if (status == 429) {
            return new RetryLater(retryAfter(retryAfter), reason + " (rate limited" + (retryAfter == null ? ")" : ", Retry-After " + retryAfter + ")"));
        }
        if (status == 408 || status >= 500) {
            return new RetryLater(null, reason);
        }
        return new Refused(reason);
    }

    /** Retry-After in seconds (an HTTP date is read as "soon": null). */
    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
