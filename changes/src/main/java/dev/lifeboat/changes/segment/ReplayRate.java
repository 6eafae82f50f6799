package dev.lifeboat.changes.segment;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast a replay of a database's change archive ran, as the last long enough replay measured it (a restore to the
 * second, or a restore test's): what the capture estimates the replay of the changes since the last aligned backup
 * from. The restore service and the verifier leave it in the bucket beside the segments.
 *
 * @param rowChanges how many row changes that replay applied
 * @param seconds    how long it took (reading the archive included)
 */
public record ReplayRate(String databaseId, long rowChanges, double seconds, Instant measuredAt) {

    /** A replay shorter than this measures its fixed costs more than its rate: it is not recorded. */
    public static final long FEWEST_ROW_CHANGES = 10_000;

    /** The rate of a replay, or empty when it was too short to tell one. */
    public static java.util.Optional<ReplayRate> of(String databaseId, long rowChanges, Duration took, Instant measuredAt) {
        double seconds = took.toNanos() / 1e9;
        return rowChanges < FEWEST_ROW_CHANGES || seconds <= 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new ReplayRate(databaseId, rowChanges, seconds, measuredAt));
    }

    public double perSecond() {
        return rowChanges / seconds;
    }
}
