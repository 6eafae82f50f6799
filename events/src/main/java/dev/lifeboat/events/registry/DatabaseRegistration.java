package dev.lifeboat.events.registry;

import dev.lifeboat.events.data.OptionalField;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the registry holds about one database that every service needs: where it is, as whom to reach it,
 * how often it is backed up and how fresh its newest backup must be. Credentials appear only as references
 * ({@code env:VARIABLE} or {@code file:/path}), resolved by each service where it runs; never a secret.
 *
 * @param host          host of the PostgreSQL server
 * @param port          its port
 * @param databaseName  the database's name on that server
 * @param username      the role backups connect as (reading is enough)
 * @param credentialRef where that role's password lives; absent for trust or peer authentication
 * @param restore       the role restores connect as (it creates, renames and drops databases); absent: the backup role
 * @param schedule      the backup schedule, a cron expression in UTC
 * @param rpoSeconds    the recovery point objective: the oldest the newest good backup may be
 * @param labels        free key/value labels (team, tier), used by notification rules
 * @param pointInTime   present when the database is captured for point-in-time restore: its changes are archived
 *                      continuously and backups align to the stream; absent: restores reach only its backups
 * @param declaredIn    {@code API} or {@code CONFIG}: where the registration is changed
 */
public record DatabaseRegistration(String host, int port, String databaseName, String username,
                                   @OptionalField String credentialRef, @OptionalField RestoreRole restore,
                                   String schedule, long rpoSeconds, @OptionalField Map<String, String> labels,
                                   String declaredIn, @OptionalField PointInTime pointInTime) {

    /** A registry id: lower-case letters, digits and dashes, 1-63 characters (a Kafka key and a path segment in the bucket). */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public DatabaseRegistration {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * Point-in-time restore of the database.
     *
     * @param windowSeconds how far back every second stays restorable (retention keeps the backups and changes it needs)
     */
    public record PointInTime(long windowSeconds) {
    }

    /**
     * The role restores use, when it is not the backup role.
     *
     * @param username      the role's name
     * @param credentialRef where its password lives; absent for trust or peer authentication
     */
    public record RestoreRole(String username, @OptionalField String credentialRef) {
    }
}
