package dev.lifeboat.events.registry;

import dev.lifeboat.events.data.OptionalField;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the registry holds about one database that every service needs: where it is, as whom to reach it,
 * how often it is backed up and how fresh its newest backup must be. Credentials appear only as references
 * ({@code env:VARIABLE} or {@code file:/path}), resolved by each service where it runs; never a secret.
 *
 * @param host          host of the PostgreSQL server; absent for another engine
 * @param port          its port; absent for another engine
 * @param databaseName  the database's name on that server (for D1: the database's name in its account)
 * @param username      the role backups connect as (reading is enough); absent for another engine
 * @param credentialRef where that role's password lives (for D1: the API token's); absent for trust or peer
 *                      authentication, and for a local D1
 * @param restore       the role restores connect as (it creates, renames and drops databases); absent: the backup role
 * @param schedule      the backup schedule, a cron expression in UTC
 * @param rpoSeconds    the recovery point objective: the oldest the newest good backup may be
 * @param labels        free key/value labels (team, tier), used by notification rules
 * @param pointInTime   present when the database is captured for point-in-time restore: its changes are archived
 *                      continuously and backups align to the stream; absent: restores reach only its backups
 * @param declaredIn    {@code API} or {@code CONFIG}: where the registration is changed
 * @param engine        {@code postgresql} or {@code d1} ({@link Engine}); absent: {@code postgresql}
 * @param d1            where a D1 database is: present exactly when {@code engine} is {@code d1}
 * @param tls           how connections to the PostgreSQL server use TLS; absent: the clients' default ({@code prefer})
 * @param restoreWithoutSafetyBackup true: a restore into the live database may skip its safety backup (a request's
 *                      {@code safetyBackup: false}); absent or false: such a request is refused, on the API and on Kafka
 */
public record DatabaseRegistration(@OptionalField String host, @OptionalField Integer port, String databaseName,
                                   @OptionalField String username, @OptionalField String credentialRef,
                                   @OptionalField RestoreRole restore, String schedule, long rpoSeconds,
                                   @OptionalField Map<String, String> labels, String declaredIn,
                                   @OptionalField PointInTime pointInTime, @OptionalField String engine,
                                   @OptionalField D1Database d1, @OptionalField Tls tls,
                                   @OptionalField Boolean restoreWithoutSafetyBackup) {

    /** A registry id: lower-case letters, digits and dashes, 1-63 characters (a Kafka key and a path segment in the bucket). */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public DatabaseRegistration {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The engine this registration names ({@link Engine#POSTGRESQL} when it names none). */
    public Engine engineKind() {
        return Engine.of(engine);
    }

    /**
     * Where a Cloudflare D1 database is. Remote: the account, and the database's id ({@code credentialRef} names the API
     * token). Local (workerd's real SQLite, as {@code wrangler --local}): a folder holding the {@code wrangler.toml} that
     * names its databases and, as wrangler keeps it, their state in {@code .wrangler/state}.
     *
     * @param accountId   the Cloudflare account's id; absent for a local database
     * @param databaseId  the database's id (a UUID); absent for a local database, whose id follows from its name
     * @param localFolder the local folder ({@code wrangler.toml} and {@code .wrangler/state}); absent for a remote database
     */
    public record D1Database(@OptionalField String accountId, @OptionalField String databaseId, @OptionalField String localFolder) {

        /** A local database is reached through its state folder, never Cloudflare. */
        public boolean local() {
            return localFolder != null;
        }
    }

    /**
     * How every connection to the database's server uses TLS: JDBC, {@code pg_dump}, {@code pg_restore} and the capture,
     * as the backup role and as the restore role.
     *
     * @param sslmode {@code require}, {@code verify-ca} or {@code verify-full}, as libpq names them
     * @param caRef   where the certificate of the authority that signed the server's certificate lives ({@code env:} or
     *                {@code file:}, as a credential reference); required by {@code verify-ca} and {@code verify-full}
     */
    public record Tls(String sslmode, @OptionalField String caRef) {
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
