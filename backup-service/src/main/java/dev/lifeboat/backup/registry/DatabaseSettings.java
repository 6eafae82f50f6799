package dev.lifeboat.backup.registry;

import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.DatabaseRegistration.D1Database;
import dev.lifeboat.events.registry.DatabaseRegistration.RestoreRole;
import dev.lifeboat.events.registry.DatabaseRegistration.Tls;
import dev.lifeboat.postgres.connect.PgTls;
import dev.lifeboat.runtime.secret.CertificateFiles;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.runtime.schedule.CronSchedule;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.SecretReference;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checked settings of one database, from the API or from configuration. Building one validates
 * everything and says what is wrong in an {@link IllegalArgumentException}.
 */
public record DatabaseSettings(String id, String host, int port, String databaseName, String username,
                               String credentialRef, RestoreRole restore, String schedule, Duration rpo, RetentionRules retention,
                               Map<String, String> labels, Map<String, String> freshnessColumns, Duration pointInTimeWindow,
                               Duration pointInTimeMaxReplay, Integer maxConcurrentPerServer, Engine engine, D1Database d1,
                               Tls tls, boolean restoreWithoutSafetyBackup) {

    /** The registry's id rule ({@link DatabaseRegistration#ID}). */
    public static final Pattern ID = DatabaseRegistration.ID;
    /** A host name or an IP address (v6 in brackets or not): those characters, and at least one letter or digit. */
    private static final Pattern HOST = Pattern.compile("(?=.*[A-Za-z0-9])[A-Za-z0-9._:\\-\\[\\]]{1,255}");
    private static final int SHOWN = 100;
    /** The shortest and longest point-in-time windows. */
    public static final Duration MIN_WINDOW = Duration.ofHours(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(90);
    /** A captured database's replay budget unless it names one, and the shortest and longest it may name. */
    public static final Duration DEFAULT_MAX_REPLAY = Duration.ofMinutes(10);
    public static final Duration MIN_MAX_REPLAY = Duration.ofMinutes(1);
    public static final Duration MAX_MAX_REPLAY = Duration.ofHours(24);
    /** Backups at once against one server unless the database names another limit, and the most it may name. */
    public static final int DEFAULT_MAX_CONCURRENT_PER_SERVER = 2;
    public static final int MAX_CONCURRENT_PER_SERVER = 64;
    private static final Pattern PG_NAME = Pattern.compile("[^\\x00]{1,63}");
    /** {@code schema.table}, as the manifest names tables: the schema has no dot. */
    private static final Pattern QUALIFIED_TABLE = Pattern.compile("[^\\x00.]{1,63}\\.[^\\x00]{1,63}");

    public DatabaseSettings {
        require(id != null && ID.matcher(id).matches(), "id must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit, not '" + shown(id) + "'");
        engine = engine == null ? Engine.POSTGRESQL : engine;
        if (engine == Engine.D1) {
            D1Settings.check(d1, host, username, credentialRef, restore, freshnessColumns, pointInTimeWindow);
            require(databaseName != null && D1Settings.NAME.matcher(databaseName).matches(),
                    "database must be a D1 database name: 1-64 characters of letters, digits, '-' and '_'");
            host = D1Settings.sharedLimitsOf(d1);
            port = 0;
        } else {
            require(d1 == null, "d1 is only for a database whose engine is d1");
            require(host != null && HOST.matcher(host).matches(), "host must be a host name or IP address, not '" + shown(host) + "'");
            require(port >= 1 && port <= 65535, "port must be 1-65535, not " + port);
            require(databaseName != null && PG_NAME.matcher(databaseName).matches(), "database must be a PostgreSQL database name of 1-63 characters");
            require(username != null && PG_NAME.matcher(username).matches(), "username must be a PostgreSQL role name of 1-63 characters");
        }
        if (credentialRef != null) {
            SecretReference.parse(credentialRef);
        }
        if (tls != null) {
            require(engine == Engine.POSTGRESQL, "tls is for a PostgreSQL server's connections; a D1 database is reached through wrangler");
            PgTls.check(tls.sslmode(), tls.caRef());
        }
        if (restore != null) {
            require(restore.username() != null && PG_NAME.matcher(restore.username()).matches(),
                    "restore.username must be a PostgreSQL role name of 1-63 characters");
            if (restore.credentialRef() != null) {
                SecretReference.parse(restore.credentialRef());
            }
        }
        CronSchedule.parse(schedule);
        require(rpo != null && !rpo.isNegative() && rpo.toMinutes() >= 1, "rpo must be a positive ISO-8601 duration such as PT24H, not " + rpo);
        require(retention != null, "retention is required");
        if (retention.keepsNothing()) {
            throw new UnprocessableSettings("retention keeps nothing: maxAgeDays, keepLast, daily, weekly and monthly are all 0 or unset and nothing is pinned,"
                    + " so every sweep would delete all but the newest backup; set at least one, or leave retention out for the configured defaults");
        }
        require(pointInTimeWindow == null || (pointInTimeWindow.compareTo(MIN_WINDOW) >= 0 && pointInTimeWindow.compareTo(MAX_WINDOW) <= 0),
                "pointInTime.window must be an ISO-8601 duration from PT1H to P90D, not " + pointInTimeWindow);
        require(pointInTimeWindow == null || pointInTimeMaxReplay == null || (pointInTimeMaxReplay.compareTo(MIN_MAX_REPLAY) >= 0
                        && pointInTimeMaxReplay.compareTo(MAX_MAX_REPLAY) <= 0),
                "pointInTime.maxReplay must be an ISO-8601 duration from PT1M to PT24H, not " + pointInTimeMaxReplay);
        if (pointInTimeWindow == null) {
            pointInTimeMaxReplay = null; // not captured: no replay to budget
        } else if (pointInTimeMaxReplay == null) {
            pointInTimeMaxReplay = DEFAULT_MAX_REPLAY;
        }
        require(maxConcurrentPerServer == null || (maxConcurrentPerServer >= 1 && maxConcurrentPerServer <= MAX_CONCURRENT_PER_SERVER),
                "maxConcurrentPerServer must be 1-" + MAX_CONCURRENT_PER_SERVER + ", not " + maxConcurrentPerServer);
        if (maxConcurrentPerServer == null) {
            maxConcurrentPerServer = DEFAULT_MAX_CONCURRENT_PER_SERVER;
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        freshnessColumns = freshnessColumns == null ? Map.of() : Map.copyOf(freshnessColumns);
        freshnessColumns.forEach((table, column) -> {
            require(QUALIFIED_TABLE.matcher(table).matches(), "freshnessColumns: '" + table + "' must be a table as schema.table");
            require(column != null && PG_NAME.matcher(column).matches(), "freshnessColumns: the column of " + table
                    + " must be a PostgreSQL column name of 1-63 characters");
        });
    }

    /**
     * These settings, when each credential reference they hold names a secret provisioned for databases.
     *
     * @throws IllegalArgumentException saying what a reference may name, without the reference given
     */
    public DatabaseSettings provisionedBy(DatabaseSecrets secrets) {
        if (credentialRef != null) {
            secrets.allowed(credentialRef);
        }
        if (restore != null && restore.credentialRef() != null) {
            secrets.allowed(restore.credentialRef());
        }
        if (tls != null && tls.caRef() != null) {
            secrets.allowed(tls.caRef(), CertificateFiles.FIELD);
        }
        return this;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    void applyTo(RegisteredDatabase row) {
        row.host = host;
        row.port = port;
        row.databaseName = databaseName;
        row.username = username;
        row.credentialRef = credentialRef;
        row.restoreUsername = restore == null ? null : restore.username();
        row.restoreCredentialRef = restore == null ? null : restore.credentialRef();
        row.tlsMode = tls == null ? null : tls.sslmode();
        row.tlsCaRef = tls == null ? null : tls.caRef();
        row.restoreWithoutSafetyBackup = restoreWithoutSafetyBackup;
        row.schedule = CronSchedule.parse(schedule).expression();
        row.rpoMinutes = (int) rpo.toMinutes();
        row.maxAgeDays = retention.maxAgeDays();
        row.keepLast = retention.keepLast();
        row.daily = retention.daily();
        row.weekly = retention.weekly();
        row.monthly = retention.monthly();
        row.pinnedBackups = retention.pinned().toArray(String[]::new);
        row.labels = labels;
        row.freshnessColumns = freshnessColumns;
        row.pointInTimeWindowSeconds = pointInTimeWindow == null ? null : pointInTimeWindow.toSeconds();
        row.pointInTimeMaxReplaySeconds = pointInTimeMaxReplay == null ? null : pointInTimeMaxReplay.toSeconds();
        row.maxConcurrentPerServer = maxConcurrentPerServer;
        row.engine = engine;
        row.d1AccountId = d1 == null ? null : d1.accountId();
        row.d1DatabaseId = d1 == null ? null : d1.databaseId();
        row.d1LocalFolder = d1 == null ? null : d1.localFolder();
        row.updatedAt = java.time.Instant.now();
    }

    public static RetentionRules retentionOf(RegisteredDatabase row) {
        return new RetentionRules(row.maxAgeDays, row.keepLast, row.daily, row.weekly, row.monthly, java.util.List.of(row.pinnedBackups));
    }

    /** A refused value as an error message shows it: at most {@value #SHOWN} characters. */
    static String shown(String value) {
        return value == null || value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "…";
    }
}
