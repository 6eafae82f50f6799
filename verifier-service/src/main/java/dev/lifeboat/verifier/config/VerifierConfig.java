package dev.lifeboat.verifier.config;

import dev.lifeboat.archive.staging.ParallelRestore;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How the verifier checks backups, tests restores, watches freshness and scrubs the bucket. */
@ConfigMapping(prefix = "lifeboat.verifier")
public interface VerifierConfig {

    /** The {@code pg_restore} executable (same major version as the backed-up servers, or newer). */
    @WithDefault("pg_restore")
    String pgRestore();

    /**
     * How many parallel jobs a restore test's {@code pg_restore} runs: above 1, the archive is first staged on this
     * service's disk ({@code lifeboat.staging.*}); 1 streams it from the bucket. Its replay to a random second applies
     * the changes over as many connections, a table to each. Default: this machine's cores, at most 4.
     */
    Optional<Integer> restoreJobs();

    /**
     * When a restore test with more than one job stages its archive: {@code ROWS_SPREAD}, {@code ALWAYS} or {@code NEVER}, as
     * restore-service's (a test that does not stage streams, each table's rows over the jobs' connections).
     */
    @WithDefault("ROWS_SPREAD")
    ParallelRestore.When restoreStageWhen();

    /** When restore tests run, for databases without their own schedule: the first day of each quarter, 00:00 UTC. */
    @WithDefault("0 0 1 1,4,7,10 *")
    String restoreTestSchedule();

    /** The default recovery point objective: a database needs a verified backup at most this old. */
    @WithDefault("PT24H")
    Duration rpo();

    /**
     * A backup in the bucket that no {@code BackupCompleted} announced to this service (one dead-lettered, or lost) is
     * verified once it completed this long ago: a backup that has just completed has its event on the way, and the
     * objects of one whose catalog entry failed are being removed by its job.
     */
    @WithDefault("PT15M")
    Duration untoldAfter();

    /** Per database id: its own restore-test schedule and RPO. */
    Map<String, DatabaseSettings> databases();

    /** The server restore tests restore into (scratch databases are created and dropped there). */
    ScratchServer scratch();

    Scrub scrub();

    /** How many new change segments (point-in-time) of one database a run of the change archive check reads back at most. */
    @WithDefault("1000")
    int changeArchiveSegmentsPerRun();

    interface DatabaseSettings {
        /** Cron (five fields, or six with seconds first) of this database's restore tests. */
        Optional<String> restoreTestSchedule();

        /** This database's RPO. */
        Optional<Duration> rpo();
    }

    interface ScratchServer {
        @WithDefault("localhost")
        String host();

        @WithDefault("5432")
        int port();

        /** A role that may create and drop databases there. */
        @WithDefault("postgres")
        String username();

        /** {@code env:VARIABLE} or {@code file:/path} holding the password; never the password itself. */
        Optional<String> credentialRef();

        /** The database connected to for CREATE and DROP DATABASE. */
        @WithDefault("postgres")
        String maintenanceDatabase();
    }

    interface Scrub {
        /** Stored bytes re-read per scrub run at most (the oldest-checked backups first); at least one backup is read. */
        @WithDefault("10737418240")
        long byteBudget();
    }
}
