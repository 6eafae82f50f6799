package dev.lifeboat.runtime.progress;

import java.time.Duration;

/**
 * A reading of {@link Progress}: bytes so far, bytes expected, the rate so far, and the time left at that rate.
 *
 * @param bytesExpected        -1 when not known
 * @param bytesPerSecond       the average since the work began; 0 in its first instant
 * @param percent              0 to 100 (capped: an estimate can be passed), null when nothing is expected
 * @param estimatedSecondsLeft at the rate so far; 0 once the expected bytes are passed; null when it cannot be said yet
 */
public record ProgressReading(long bytesDone, long bytesExpected, long bytesPerSecond, Integer percent, Long estimatedSecondsLeft) {

    /** From what was counted over {@code elapsed}. */
    public static ProgressReading of(long done, long expected, Duration elapsed) {
        long millis = Math.max(0, elapsed.toMillis());
        return recorded(done, expected, millis == 0 ? 0 : done * 1000 / millis);
    }

    /** From what a heartbeat recorded (null: not recorded). */
    public static ProgressReading recorded(Long done, Long expected, Long bytesPerSecond) {
        long bytes = done == null ? 0 : done;
        long total = expected == null ? -1 : expected;
        long rate = bytesPerSecond == null ? 0 : bytesPerSecond;
        Integer percent = total > 0 ? (int) Math.min(100, bytes * 100 / total) : null;
        Long left = null;
        if (total > 0 && bytes >= total) {
            left = 0L;
        } else if (total > 0 && rate > 0) {
            left = (total - bytes + rate - 1) / rate;
        }
        return new ProgressReading(bytes, total, rate, percent, left);
    }
}
