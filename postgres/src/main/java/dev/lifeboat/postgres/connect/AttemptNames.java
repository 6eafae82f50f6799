package dev.lifeboat.postgres.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The name every session of one attempt of a run carries, {@code lifeboat <kind> <runId>#<attempt>} as its
 * {@code application_name} (a backup request's sessions on its database and on Lifeboat's own for a D1 lock, a restore's on
 * its target and for a D1 lock), so that a newer attempt or a recovery that took a frozen run over can find and end the
 * sessions of the attempts before it. An id that is not plain and short is named by {@code ~} and 16 hex digits of its
 * SHA-256: PostgreSQL keeps 63 bytes of a name, shows other characters than printable ASCII otherwise than given, and a
 * {@code #} or {@code ~} in an id could make one run's prefix another's (requesters choose ids on Kafka; a scheduled
 * backup's id holds its database's).
 *
 * @param kind {@code backup} or {@code restore}
 */
public record AttemptNames(String kind) {

    /** A backup request's attempts. */
    public static final AttemptNames BACKUP = new AttemptNames("backup");
    /** A restore's attempts. */
    public static final AttemptNames RESTORE = new AttemptNames("restore");

    /** What {@link PgConnection} puts before a session's purpose. */
    private static final String APPLICATION = "lifeboat ";
    /** An id used as it is. */
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,40}");
    /** PostgreSQL keeps this many bytes of an application name, less one. */
    private static final int MAX_NAME_BYTES = 63;

    /** The purpose each session of this attempt is opened with ({@link PgConnection#open} names it {@code lifeboat <purpose>}). */
    public String purpose(String runId, int attempt) {
        return kind + " " + shortId(runId) + "#" + attempt;
    }

    /** The application name every session of every attempt of this run starts with. */
    public String applicationPrefix(String runId) {
        return APPLICATION + kind + " " + shortId(runId) + "#";
    }

    /** The application name of this attempt's sessions. */
    public String applicationName(String runId, int attempt) {
        return APPLICATION + purpose(runId, attempt);
    }

    /** Whether a session of this application name is of an older attempt of {@code runId} than {@code attempt}; a name cut is not. */
    public boolean olderAttempt(String applicationName, String runId, int attempt) {
        String prefix = applicationPrefix(runId);
        if (applicationName == null || applicationName.getBytes(StandardCharsets.UTF_8).length >= MAX_NAME_BYTES
                || !applicationName.startsWith(prefix)) {
            return false;
        }
        String number = applicationName.substring(prefix.length());
        return number.matches("[0-9]{1,9}") && Integer.parseInt(number) < attempt;
    }

    private static String shortId(String runId) {
        if (PLAIN_ID.matcher(runId).matches()) {
            return runId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
