package dev.lifeboat.archive.staging;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelRestoreTest {

    @Test
    void rowsSpreadOverTablesAreStagedForTheConfiguredJobs() {
        assertThat(ParallelRestore.jobs(4, ParallelRestore.When.ROWS_SPREAD, withRows(Map.of("a", 100L, "b", 100L, "c", 50L)))).isEqualTo(4);
        assertThat(ParallelRestore.jobs(2, ParallelRestore.When.ROWS_SPREAD, withRows(Map.of("a", 50L, "b", 50L)))).isEqualTo(2);
    }

    @Test
    void rowsMostlyInOneTableStreamUnlessStagingIsAlwaysAsked() {
        BackupManifest pgbench = withRows(Map.of("public.pgbench_accounts", 7_000_000L, "public.pgbench_tellers", 700L,
                "public.pgbench_branches", 70L, "public.pgbench_history", 0L));

        assertThat(ParallelRestore.jobs(4, ParallelRestore.When.ROWS_SPREAD, pgbench)).isEqualTo(1);
        assertThat(ParallelRestore.jobs(4, ParallelRestore.When.ALWAYS, pgbench)).isEqualTo(4);
    }

    @Test
    void oneJobAlwaysStreamsAndABackupWithoutRowsToo() {
        assertThat(ParallelRestore.jobs(1, ParallelRestore.When.ALWAYS, withRows(Map.of("a", 1L, "b", 1L)))).isEqualTo(1);
        assertThat(ParallelRestore.jobs(0, ParallelRestore.When.ALWAYS, withRows(Map.of()))).isEqualTo(1);
        assertThat(ParallelRestore.jobs(4, ParallelRestore.When.ROWS_SPREAD, withRows(Map.of("a", 0L)))).isEqualTo(1);
    }

    private static BackupManifest withRows(Map<String, Long> rows) {
        return new BackupManifest(1, "b", "db", "r", "c", BackupTrigger.MANUAL, "me", Instant.EPOCH, Instant.EPOCH, "15",
                BackupManifest.PG_DUMP_CUSTOM, "k", 1, "0".repeat(64), Compression.ZSTD, 1, null, rows, Map.of(), Map.of(), null, null);
    }
}
