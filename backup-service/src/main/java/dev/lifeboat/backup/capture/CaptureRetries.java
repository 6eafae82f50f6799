package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.intake.BackupRequestQueue;

import java.time.Duration;

/**
 * How long a failed capture waits before it tries again. The delay doubles with each failure in a row, up to a longest
 * one ({@link BackupRequestQueue#backoff}); an attempt whose stream ran at least the first delay made progress, so its
 * failure starts a new run of failures. Before, only a stream that ran longer than {@code stopped-after} did: a capture
 * that had failed a few times (its server restarted) and then streamed half a minute waited 40 s and more after the next
 * failure, such as the one every restore in place causes, with the new database's changes not captured meanwhile.
 */
final class CaptureRetries {

    private final Duration initial;
    private final Duration longest;
    private final Duration longestWhenLasting;
    private int failures;

    /** @param longestWhenLasting the longest delay after a failure that will not pass by itself (a password, a grant) */
    CaptureRetries(Duration initial, Duration longest, Duration longestWhenLasting) {
        this.initial = initial;
        this.longest = longest;
        this.longestWhenLasting = longestWhenLasting;
    }

    /**
     * The delay after a failed attempt whose stream ran for {@code streamed} (zero: it never started streaming);
     * {@code lasting}: the failure will not pass by itself, so tries of a wrong password, say, stay far apart.
     */
    Duration afterFailure(Duration streamed, boolean lasting) {
        if (streamed.compareTo(initial) >= 0) {
            failures = 0;
        }
        failures++;
        return BackupRequestQueue.backoff(failures, initial, lasting ? longestWhenLasting : longest);
    }
}
