package dev.lifeboat.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Ages, durations and sizes as an operator reads them: {@code 3h 12m}, {@code 41.2 MB}. */
public final class Human {

    private Human() {
    }

    /** {@code 45s}, {@code 12m 3s}, {@code 3h 12m}, {@code 2d 4h}. */
    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }

    /** How long ago {@code then} was, {@code -} when never. */
    public static String age(Instant then, Instant now) {
        return then == null ? "-" : duration(Duration.between(then, now)) + " ago";
    }

    /** Milliseconds as {@code 850 ms}, {@code 4.2 s} or a {@link #duration}. */
    public static String millis(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return duration(Duration.ofMillis(millis));
    }

    /** {@code 1 backup}, {@code 2 backups}: a count with its noun, plural where it is not one ({@code noun + "s"}). */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /** Bytes in decimal units: {@code 512 B}, {@code 41.2 MB}. */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
