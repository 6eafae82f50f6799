package dev.lifeboat.backup.api;

import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.events.registry.DatabaseRegistration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A database to register or its new settings. Omitted optional fields take the configured defaults
 * (schedule daily 02:00 UTC, RPO 24 h, retention 30 days plus 7 daily, 4 weekly, 12 monthly).
 *
 * @param database      name of the database on its server; defaults to {@code id}
 * @param credentialRef where the password lives: {@code env:VARIABLE} or {@code file:/path}; never the password
 * @param restore       the role restores connect as, when not {@code username} (restores create, rename and drop
 *                      databases: a superuser, or the owner with CREATEDB); absent: restores use {@code username}
 * @param rpo           recovery point objective, ISO-8601 (e.g. {@code PT24H})
 * @param freshnessColumns per table ({@code schema.table}), a column whose newest value every backup records in
 *                      its manifest, so a restore test can prove the restored data is as recent as the backup's
 * @param pointInTime   point-in-time restore: {@code {"enabled": true, "window": "P7D"}} captures the database's changes
 *                      continuously so a restore can reach any second of the window (needs wal_level=logical and the
 *                      REPLICATION attribute); absent or not enabled: restores reach its backups only
 * @param maxConcurrentPerServer backups at once against this database's server (its host and port), counting the running
 *                      backups of every database registered there; the server's limit is the smallest of its databases'; a
 *                      due backup waits in the queue while its server is at the limit; 1-64, default 2
 * @param engine        {@code postgresql} (the default) or {@code d1} (Cloudflare D1, through wrangler)
 * @param d1            a D1 database: {@code {"accountId", "databaseId"}} with {@code credentialRef} naming its API token,
 *                      or {@code {"localFolder": "/folder"}} for a local D1 (workerd's SQLite, as {@code wrangler --local});
 *                      {@code database} is its name. No host, port or username
 * @param tls           TLS for every connection to the server (backups, restores, the capture):
 *                      {@code {"sslmode": "verify-full", "caRef": "file:/run/secrets/lifeboat-db/ca.pem"}}; {@code sslmode}
 *                      {@code require}, {@code verify-ca} or {@code verify-full}, {@code caRef} (required by the verifying
 *                      modes) where the CA's certificate lives, a reference as {@code credentialRef}; absent: the clients'
 *                      default ({@code prefer})
 * @param restoreWithoutSafetyBackup true lets a restore into the live database skip its safety backup (a request's
 *                      {@code safetyBackup: false}); absent or false: such a request is refused (422), on the API and on Kafka
 */
public record DatabaseBody(String id, String host, Integer port, String database, String username, String credentialRef,
                           Restore restore, String schedule, Duration rpo, Retention retention, Map<String, String> labels,
                           Map<String, String> freshnessColumns, PointInTime pointInTime, Integer maxConcurrentPerServer,
                           String engine, DatabaseRegistration.D1Database d1, DatabaseRegistration.Tls tls,
                           Boolean restoreWithoutSafetyBackup) {

    /** A registered database's settings as a body: what a merge patch applies to. */
    static DatabaseBody of(RegisteredDatabase row) {
        return new DatabaseBody(row.id, row.serverHost(), row.serverPort(), row.databaseName, row.username, row.credentialRef,
                row.restoreUsername == null ? null : new Restore(row.restoreUsername, row.restoreCredentialRef), row.schedule,
                Duration.ofMinutes(row.rpoMinutes),
                new Retention(row.maxAgeDays, row.keepLast, row.daily, row.weekly, row.monthly, List.of(row.pinnedBackups)),
                row.labels, row.freshnessColumns, PointInTime.of(row), row.maxConcurrentPerServer, row.engine.wireName(), row.d1(),
                row.tls(), row.restoreWithoutSafetyBackup);
    }

    /**
     * Point-in-time restore, how far back it reaches ({@code window}, ISO-8601, default P7D), and its replay budget
     * ({@code maxReplay}, default PT10M): an aligned backup is taken whenever the changes since the last one would take
     * longer than that to replay, so a restore to any second replays at most about that long.
     */
    public record PointInTime(Boolean enabled, Duration window, Duration maxReplay) {

        public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

        static PointInTime of(RegisteredDatabase row) {
            return row.pointInTimeWindowSeconds == null ? new PointInTime(false, null, null)
                    : new PointInTime(true, Duration.ofSeconds(row.pointInTimeWindowSeconds),
                    row.pointInTimeMaxReplaySeconds == null ? null : Duration.ofSeconds(row.pointInTimeMaxReplaySeconds));
        }

        /** The window when enabled; null when not. */
        public Duration enabledWindow() {
            return Boolean.TRUE.equals(enabled) ? (window == null ? DEFAULT_WINDOW : window) : null;
        }

        /** The replay budget when enabled and named; null otherwise (the default applies). */
        public Duration enabledMaxReplay() {
            return Boolean.TRUE.equals(enabled) ? maxReplay : null;
        }
    }

    /** The role restores connect as, and where its password lives ({@code env:VARIABLE} or {@code file:/path}). */
    public record Restore(String username, String credentialRef) {
    }

    /** Retention rules; see the README. {@code pinned} backups are never expired. */
    public record Retention(Integer maxAgeDays, Integer keepLast, Integer daily, Integer weekly, Integer monthly,
                            List<String> pinned) {
    }
}
