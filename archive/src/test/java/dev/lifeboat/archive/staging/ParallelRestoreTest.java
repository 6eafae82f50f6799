package dev.lifeboat.archive.staging;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.archive.staging.ParallelRestore.Load;
import dev.lifeboat.archive.staging.ParallelRestore.When;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelRestoreTest {

    private static final BackupManifest PGBENCH = withRows(Map.of("public.pgbench_accounts", 7_000_000L, "public.pgbench_tellers", 700L,
            "public.pgbench_branches", 70L, "public.pgbench_history", 0L));

    @Test
    void rowsSpreadOverTablesAreStagedForTheConfiguredJobs() {
        assertThat(ParallelRestore.load(4, When.ROWS_SPREAD, withRows(Map.of("a", 100L, "b", 100L, "c", 50L))))
                .isEqualTo(new Load(Load.Way.STAGED_JOBS, 4));
        assertThat(ParallelRestore.load(2, When.ROWS_SPREAD, withRows(Map.of("a", 50L, "b", 50L))))
                .isEqualTo(new Load(Load.Way.STAGED_JOBS, 2));
    }

    @Test
    void rowsMostlyInOneLargeTableStreamOverTheJobsConnectionsUnlessStagingIsAlwaysAsked() {
        assertThat(ParallelRestore.load(4, When.ROWS_SPREAD, PGBENCH)).isEqualTo(new Load(Load.Way.ROWS_OVER_CONNECTIONS, 4));
        assertThat(ParallelRestore.load(4, When.NEVER, PGBENCH)).isEqualTo(new Load(Load.Way.ROWS_OVER_CONNECTIONS, 4));
        assertThat(ParallelRestore.load(4, When.ALWAYS, PGBENCH)).isEqualTo(new Load(Load.Way.STAGED_JOBS, 4));
    }

    @Test
    void aSmallTableMostlyAloneStreamsIntoOnePgRestoreUnlessStagingIsNeverAsked() {
        BackupManifest small = withRows(Map.of("public.orders", ParallelRestore.SHARED_FROM_ROWS - 1, "public.customer", 10L));

        assertThat(ParallelRestore.load(4, When.ROWS_SPREAD, small)).isEqualTo(Load.ONE_STREAM);
        assertThat(ParallelRestore.load(4, When.NEVER, small)).isEqualTo(new Load(Load.Way.ROWS_OVER_CONNECTIONS, 4));
    }

    @Test
    void oneJobAlwaysStreamsIntoOnePgRestoreAndABackupWithoutRowsToo() {
        assertThat(ParallelRestore.load(1, When.ALWAYS, withRows(Map.of("a", 1L, "b", 1L)))).isEqualTo(Load.ONE_STREAM);
        assertThat(ParallelRestore.load(1, When.NEVER, PGBENCH)).isEqualTo(Load.ONE_STREAM);
        assertThat(ParallelRestore.load(0, When.ALWAYS, withRows(Map.of()))).isEqualTo(Load.ONE_STREAM);
        assertThat(ParallelRestore.load(4, When.ROWS_SPREAD, withRows(Map.of("a", 0L)))).isEqualTo(Load.ONE_STREAM);
    }

    @Test
    void eachWayOfLoadingSaysWhatItDid() {
        assertThat(Load.ONE_STREAM.described()).isEqualTo("streamed into pg_restore");
        assertThat(new Load(Load.Way.STAGED_JOBS, 2).described()).isEqualTo("staged, then pg_restore --jobs=2");
        assertThat(new Load(Load.Way.ROWS_OVER_CONNECTIONS, 3).described()).isEqualTo("streamed, each table's rows over 3 connections (into one pg_restore if the archive holds large objects)");
    }

    private static BackupManifest withRows(Map<String, Long> rows) {
        return new BackupManifest(1, "b", "db", "r", "c", BackupTrigger.MANUAL, "me", Instant.EPOCH, Instant.EPOCH, "15",
                BackupManifest.PG_DUMP_CUSTOM, "k", 1, "0".repeat(64), Compression.ZSTD, 1, null, rows, Map.of(), Map.of(), null, null);
    }
}
