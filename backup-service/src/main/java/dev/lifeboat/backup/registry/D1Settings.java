package dev.lifeboat.backup.registry;

import dev.lifeboat.events.registry.DatabaseRegistration.D1Database;
import dev.lifeboat.events.registry.DatabaseRegistration.RestoreRole;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules of a D1 registration: a remote database (account, id, token) or a local one (its state folder), nothing PostgreSQL's. */
final class D1Settings {

    /** A D1 database's name, as {@code wrangler d1 create} takes it. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern DATABASE_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private D1Settings() {
    }

    static void check(D1Database d1, String host, String username, String credentialRef, RestoreRole restore,
                      Map<String, String> freshnessColumns, Duration pointInTimeWindow) {
        DatabaseSettings.require(d1 != null, "d1 is required for a D1 database: {\"accountId\", \"databaseId\"} with the API token's"
                + " credentialRef, or {\"localFolder\"} for a local database");
        DatabaseSettings.require(host == null && username == null, "host and username are PostgreSQL's: a D1 database names d1 instead");
        if (pointInTimeWindow != null) {
            throw new UnsupportedByEngine("pointInTime is PostgreSQL's (logical decoding): a D1 database is restored to a moment with "
                    + "D1 Time Travel (wrangler d1 time-travel restore DB --timestamp=...)");
        }
        if (restore != null) {
            throw new UnsupportedByEngine("restore roles are PostgreSQL's: a D1 database's restores use its API token");
        }
        if (freshnessColumns != null && !freshnessColumns.isEmpty()) {
            throw new UnsupportedByEngine("freshnessColumns are PostgreSQL's for now: a D1 backup records each table's exact row count");
        }
        if (d1.localFolder() != null) {
            DatabaseSettings.require(d1.accountId() == null && d1.databaseId() == null,
                    "d1: a local database names localFolder only; a remote one accountId and databaseId");
            DatabaseSettings.require(Path.of(d1.localFolder()).isAbsolute() && !d1.localFolder().contains("\u0000"),
                    "d1.localFolder must be an absolute folder path");
        } else {
            DatabaseSettings.require(d1.accountId() != null && ACCOUNT_ID.matcher(d1.accountId()).matches(),
                    "d1.accountId must be a Cloudflare account id: 32 hexadecimal digits, not '" + DatabaseSettings.shown(d1.accountId()) + "'");
            DatabaseSettings.require(d1.databaseId() != null && DATABASE_ID.matcher(d1.databaseId()).matches(),
                    "d1.databaseId must be the database's UUID, not '" + DatabaseSettings.shown(d1.databaseId()) + "'");
            DatabaseSettings.require(credentialRef != null, "credentialRef is required for a remote D1 database: where its API token lives");
        }
    }

    /** What D1 databases share limits by: their account, or the local state. */
    static String sharedLimitsOf(D1Database d1) {
        return d1.local() ? "d1-local" : "d1-" + d1.accountId();
    }
}
