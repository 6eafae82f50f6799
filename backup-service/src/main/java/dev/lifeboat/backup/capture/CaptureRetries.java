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
    private int failures;

    CaptureRetries(Duration initial, Duration longest) {
        this.initial = initial;
        this.longest = longest;
    }

    /** The delay after a failed attempt whose stream ran for {@code streamed} (zero: it never started streaming). */
    Duration afterFailure(Duration streamed) {
        if (streamed.compareTo(initial) >= 0) {
            failures = 0;
        }
        failures++;
        return BackupRequestQueue.backoff(failures, initial, longest);
    }
}
