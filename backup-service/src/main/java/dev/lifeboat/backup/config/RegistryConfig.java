package dev.lifeboat.backup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Databases declared as code, and the defaults every registered database starts from. A declared
 * database, e.g. {@code lifeboat.registry.databases.orders-db.host=db.internal}, is registered at
 * start-up and cannot be changed or removed through the API.
 */
@ConfigMapping(prefix = "lifeboat.registry")
public interface RegistryConfig {

    /** Database id to its settings. */
    Map<String, DeclaredDatabase> databases();

    /** Cron of a database that names none: daily at 02:00 UTC. Five fields, or six with seconds first. */
    @WithDefault("0 2 * * *")
    String defaultSchedule();

    /** Recovery point objective of a database that names none. */
    @WithDefault("PT24H")
    Duration defaultRpo();

    /** Retention of a database that names none: backups younger than this are kept. */
    @WithDefault("30")
    int defaultMaxAgeDays();

    /** Grandfather-father-son defaults: the newest backup of each of the last N days, ISO weeks and months. */
    @WithDefault("7")
    int defaultDaily();

    @WithDefault("4")
    int defaultWeekly();

    @WithDefault("12")
    int defaultMonthly();

    interface DeclaredDatabase {
        /** {@code postgresql} or {@code d1} (Cloudflare D1, through wrangler). */
        @WithDefault("postgresql")
        String engine();

        /** The PostgreSQL server's host; required for PostgreSQL, absent for D1. */
        Optional<String> host();

        @WithDefault("5432")
        int port();

        /** Name of the database on its server; defaults to the id. */
        Optional<String> database();

        /** The role backups connect as; required for PostgreSQL, absent for D1. */
        Optional<String> username();

        /** D1: the Cloudflare account's id (with {@code d1-database-id} and the token's {@code credential-ref}). */
        Optional<String> d1AccountId();

        /** D1: the database's id. */
        Optional<String> d1DatabaseId();

        /** D1: a local database's state folder ({@code wrangler --local --persist-to}), instead of an account. */
        Optional<String> d1LocalFolder();

        /** {@code env:VARIABLE} or {@code file:/path} holding the password (D1: the API token). */
        Optional<String> credentialRef();

        /**
         * The role restores connect as, when it is not {@code username}: restores create, rename and drop databases
         * (a superuser, or the owner with CREATEDB). Absent: restores use the backup role.
         */
        Optional<String> restoreUsername();

        /** {@code env:VARIABLE} or {@code file:/path} holding the restore role's password. */
        Optional<String> restoreCredentialRef();

        /** Whether a restore into the live database may skip its safety backup ({@code safetyBackup: false}); false: refused. */
        @WithDefault("false")
        boolean restoreWithoutSafetyBackup();

        /** TLS of every connection to the server: {@code require}, {@code verify-ca} or {@code verify-full}; absent: the clients' default. */
        Optional<String> tlsSslmode();

        /** {@code env:VARIABLE} or {@code file:/path} holding the certificate of the CA that signed the server's (the verifying modes need it). */
        Optional<String> tlsCaRef();

        Optional<String> schedule();

        Optional<Duration> rpo();

        OptionalInt maxAgeDays();

        OptionalInt keepLast();

        OptionalInt daily();

        OptionalInt weekly();

        OptionalInt monthly();

        @WithDefault("")
        Map<String, String> labels();

        /**
         * Table to its freshness column, e.g. {@code freshness-columns."public.orders"=placed}: every backup
         * records the column's newest value, and a restore test checks the restored copy has it. None by default.
         */
        @WithDefault("")
        Map<String, String> freshnessColumns();

        /**
         * Point-in-time restore's window, e.g. {@code point-in-time-window=P7D}: the database's changes are captured
         * continuously and every second of the window stays restorable. Absent (the default): backups only.
         */
        Optional<Duration> pointInTimeWindow();

        /**
         * Point-in-time restore's replay budget, e.g. {@code point-in-time-max-replay=PT5M}: an aligned backup is taken
         * whenever the changes since the last one would take longer than this to replay. Default PT10M.
         */
        Optional<Duration> pointInTimeMaxReplay();

        /**
         * Backups at once against this database's server (host and port), counting the running backups of every
         * database registered there, e.g. {@code max-concurrent-per-server=1}. Default 2, at most 64.
         */
        OptionalInt maxConcurrentPerServer();
    }
}
