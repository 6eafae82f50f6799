package dev.lifeboat.restore.target;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** The names Lifeboat gives the databases a restore creates, and what a requested database name may be. */
public final class DatabaseNames {

    /** What a database name given in a request may be: no quoting surprises, at most 63 bytes. */
    public static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int STAMP_LENGTH = "yyyyMMddHHmmss".length();
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

    /** Whether {@code name} is one {@link #failed} gives {@code live} at some time. */
    public static boolean isFailedCopy(String live, String name) {
        String sample = failed(live, Instant.EPOCH);
        int stamp = sample.length() - STAMP_LENGTH;
        return name.length() == sample.length() && name.startsWith(sample.substring(0, stamp))
                && name.substring(stamp).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The live name, cut where needed so that it and the (ASCII) suffix fit PostgreSQL's 63 bytes: counted in UTF-8
     * bytes, as the server counts them, and never inside a character (a registered database's name may be {@code données}).
     * Cut by characters, a name of accented letters came out longer than 63 bytes, and the server silently shortened it
     * to a name Lifeboat then did not find.
     */
    private static String derived(String live, String infix, Instant at) {
        String suffix = infix + STAMP.format(at);
        int room = MAX_IDENTIFIER - suffix.length();
        int bytes = 0;
        int end = 0;
        while (end < live.length()) {
            int codePoint = live.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4; // its UTF-8 length
            if (bytes + size > room) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return live.substring(0, end) + suffix;
    }
}
