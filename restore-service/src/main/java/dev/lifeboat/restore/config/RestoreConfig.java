package dev.lifeboat.restore.config;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.staging.ParallelRestore;
import dev.lifeboat.archive.staging.StagingSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How restores run, and the databases they may restore into. */
@ConfigMapping(prefix = "lifeboat.restore")
public interface RestoreConfig {

    /** The {@code pg_restore} executable; its major version must be at least the backups' {@code pg_dump}'s. */
    @WithDefault("pg_restore")
    String pgRestore();

    /**
     * How many parallel jobs a restore runs: above 1, the archive is staged on this service's disk
     * ({@code lifeboat.staging.*}) for {@code pg_restore --jobs}, so that tables' rows, indexes and constraints load side
     * by side, or streamed with each table's rows over as many connections ({@link #stageWhen()}); 1 streams it from the
     * bucket straight into one {@code pg_restore}, with no staging disk. A restore to the second replays its
     * changes over as many connections, a table to each (where its role may turn triggers off). Default: this machine's
     * cores, at most 4.
     */
    Optional<Integer> jobs();

    /** Per database id, its restores' {@code pg_restore} jobs, where they differ from {@link #jobs()}. Empty by default. */
    Map<String, Integer> databaseJobs();

    /**
     * When a restore with more than one job stages its archive for {@code pg_restore --jobs} (a table to a job):
     * {@code ROWS_SPREAD} (no table holds more than half of the backup's rows), {@code ALWAYS} or {@code NEVER}. A restore
     * that does not stage streams, each table's rows loaded over the jobs' connections at once (with {@code ROWS_SPREAD}
     * only when its largest table has 100,000 rows or more; else into one {@code pg_restore}). Default {@code ROWS_SPREAD}.
     */
    @WithDefault("ROWS_SPREAD")
    ParallelRestore.When stageWhen();

    /** Per database id, when its restores stage their archive, where it differs from {@link #stageWhen()}. Empty by default. */
    Map<String, ParallelRestore.When> databaseStageWhen();

    /** How a restore of this backup loads its archive. */
    default ParallelRestore.Load loadFor(BackupManifest manifest) {
        return ParallelRestore.load(jobsFor(manifest.databaseId()), databaseStageWhen().getOrDefault(manifest.databaseId(), stageWhen()),
                manifest);
    }

    /** The jobs of a database's restores. */
    default int jobsFor(String databaseId) {
        return databaseJobs().getOrDefault(databaseId, jobs().orElseGet(StagingSettings::defaultJobs));
    }

    /** How long a restore waits for its PRE_RESTORE safety backup's {@code BackupCompleted} before it fails. */
    @WithDefault("PT30M")
    Duration safetyBackupTimeout();

    /** How long a restore waits for the database's lock (held by a running backup or restore) before it fails. */
    @WithDefault("PT10M")
    Duration lockWait();

    /** How long the {@code <db>_pre_restore_<time>} database of an IN_PLACE restore is kept before it is dropped. */
    @WithDefault("P7D")
    Duration keepPreRestore();

    /**
     * Restore without the backup's owners and privileges ({@code pg_restore --no-owner --no-acl}), for
     * a server that lacks the source's roles. Off by default: a restore reproduces the database.
     */
    @WithDefault("false")
    boolean noOwner();

    /**
     * A RUNNING restore whose worker has not written a heartbeat for this long is ended from its journal by any
     * replica: the live database present and accepting connections, staging dropped, FAILED or COMPLETED with a reason.
     */
    @WithDefault("PT2M")
    Duration staleAfter();

    /**
     * The databases restores may go to, by the registry's database id. Restores need a role that may create,
     * rename and drop databases, end other sessions, and set {@code session_replication_role} (a superuser,
     * or the database's owner with CREATEDB and pg_signal_backend for IN_PLACE and NEW_DATABASE).
     */
    Map<String, TargetDatabase> databases();

    interface TargetDatabase {

        /** Host of the PostgreSQL server. */
        String host();

        /** Port of the PostgreSQL server. */
        @WithDefault("5432")
        int port();

        /** Name of the live database on that server. */
        String database();

        /** Role restores connect as. */
        String username();

        /** {@code env:VARIABLE} or {@code file:/path} holding the role's password; absent for trust or peer authentication. */
        Optional<String> credentialRef();

        /** TLS of every connection to the server: {@code require}, {@code verify-ca} or {@code verify-full}; absent: the clients' default. */
        Optional<String> tlsSslmode();

        /** {@code env:VARIABLE} or {@code file:/path} holding the certificate of the CA that signed the server's (the verifying modes need it). */
        Optional<String> tlsCaRef();

        /** Whether a restore into the live database may skip its safety backup ({@code safetyBackup: false}); false: refused. */
        @WithDefault("false")
        boolean restoreWithoutSafetyBackup();

        /** The database to connect to for CREATE, RENAME and DROP DATABASE. */
        @WithDefault("postgres")
        String maintenanceDatabase();

        /**
         * SQL the applications depend on (e.g. {@code SELECT 1 FROM orders LIMIT 1}), run after an IN_PLACE swap;
         * when it fails, the swap is rolled back. Absent: only the connection is checked.
         */
        Optional<String> smokeQuery();
    }
}
