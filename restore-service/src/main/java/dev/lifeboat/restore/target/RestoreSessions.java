package dev.lifeboat.restore.target;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name every session of a restore attempt carries on its target server ({@code lifeboat restore <restoreId>#<attempt>},
 * as {@code application_name}), so that a recovery that took a stale run over can end the sessions of the attempts
 * before it: a frozen worker's open transaction (a swap between its two renames holds the live database's catalog row)
 * would otherwise keep the recovery waiting, and its lock the restores and backups after it.
 */
final class RestoreSessions {

    /** What {@code PgConnection} puts before a session's purpose. */
    private static final String APPLICATION = "lifeboat ";
    private static final String PURPOSE = "restore ";
    /**
     * An id used as it is: PostgreSQL keeps 63 bytes of an application name (a longer id leaves no room for the attempt),
     * shows other characters than printable ASCII otherwise than given, and {@code #} or {@code ~} in an id could make
     * one restore's prefix another's.
     */
    private static final java.util.regex.Pattern PLAIN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,40}");

    private RestoreSessions() {
    }

    /** The purpose each session of this attempt is opened with. */
    static String purpose(String restoreId, int attempt) {
        return PURPOSE + shortId(restoreId) + "#" + attempt;
    }

    /** The application name every session of every attempt of this restore starts with. */
    static String applicationPrefix(String restoreId) {
        return APPLICATION + PURPOSE + shortId(restoreId) + "#";
    }

    /** The application name of this attempt's sessions. */
    static String applicationName(String restoreId, int attempt) {
        return APPLICATION + purpose(restoreId, attempt);
    }

    /** The id as it is, when plain and short; else {@code ~} and 16 hex digits of its SHA-256 (requesters choose ids on Kafka). */
    private static String shortId(String restoreId) {
        if (PLAIN_ID.matcher(restoreId).matches()) {
            return restoreId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(restoreId.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
