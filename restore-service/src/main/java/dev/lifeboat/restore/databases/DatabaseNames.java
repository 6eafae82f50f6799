package dev.lifeboat.restore.databases;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** The names Lifeboat gives the databases a restore creates, and what a requested database name may be. */
public final class DatabaseNames {

    /** What a database name given in a request may be: no quoting surprises, at most 63 bytes. */
    public static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_IDENTIFIER = 63;

    private DatabaseNames() {
    }

    /** The staging database an IN_PLACE restore fills before the swap: {@code <live>_restore_<time>}. */
    public static String staging(String live, Instant at) {
        return derived(live, "_restore_", at);
    }

    /** Where the live database goes at the swap: {@code <live>_pre_restore_<time>}. */
    public static String preRestore(String live, Instant at) {
        return derived(live, "_pre_restore_", at);
    }

    /** Where a swapped-in database that failed its check goes: {@code <live>_failed_<time>}. */
    public static String failed(String live, Instant at) {
        return derived(live, "_failed_", at);
    }

    private static String derived(String live, String infix, Instant at) {
        String suffix = infix + STAMP.format(at);
        String base = live.length() + suffix.length() > MAX_IDENTIFIER ? live.substring(0, MAX_IDENTIFIER - suffix.length()) : live;
        return base + suffix;
    }
}
