package dev.lifeboat.archive.staging;

import dev.lifeboat.archive.BackupManifest;

import java.util.Map;

/**
 * Whether a restore stages its archive for {@code pg_restore --jobs}, or streams it into one {@code pg_restore}. Jobs split
 * the work by table (a table's rows load in one job, its indexes build one per job), so they pay for staging only where
 * the rows are spread over tables; a backup whose rows are mostly one table's restores faster streamed, the download
 * overlapping the load.
 */
public final class ParallelRestore {

    /** When a restore with more than one job stages its archive. */
    public enum When {
        /** When no table holds more than half of the backup's rows (the manifest's row counts), else it streams. */
        ROWS_SPREAD,
        /** Always. */
        ALWAYS
    }

    private ParallelRestore() {
    }

    /**
     * @param jobs the configured jobs
     * @return the jobs to run: 1 streams the archive, more stage it
     */
    public static int jobs(int jobs, When when, BackupManifest manifest) {
        if (jobs <= 1) {
            return 1;
        }
        return when == When.ALWAYS || rowsSpread(manifest.tableRowCounts()) ? jobs : 1;
    }

    /** True when the rows are spread over tables: the largest holds at most half of them. */
    static boolean rowsSpread(Map<String, Long> tableRowCounts) {
        long total = tableRowCounts.values().stream().mapToLong(Long::longValue).sum();
        long largest = tableRowCounts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return total > 0 && largest * 2 <= total;
    }
}
