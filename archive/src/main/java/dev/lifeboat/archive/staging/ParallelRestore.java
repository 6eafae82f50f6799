package dev.lifeboat.archive.staging;

import dev.lifeboat.archive.BackupManifest;

import java.util.Map;

/**
 * How a restore with more than one job shares its load. {@code pg_restore --jobs} splits the work by table (a table's rows
 * load in one job, its indexes build one per job) and needs the archive staged on disk first; it pays where the rows are
 * spread over tables. Where one table holds most rows, the archive streams from the bucket and each table's rows load
 * over the jobs' connections at once, the download overlapping the load.
 */
public final class ParallelRestore {

    /** When a restore with more than one job stages its archive. */
    public enum When {
        /**
         * When no table holds more than half of the backup's rows (the manifest's row counts); else it streams, its rows
         * over the jobs' connections once its largest table has {@value ParallelRestore#SHARED_FROM_ROWS} rows, into one pg_restore below.
         */
        ROWS_SPREAD,
        /** Always. */
        ALWAYS,
        /** Never: it streams, each table's rows over the jobs' connections. */
        NEVER
    }

    /** How a restore loads the archive. */
    public record Load(Way way, int jobs) {

        /** One pg_restore, fed the archive as it streams from the bucket. */
        public static final Load ONE_STREAM = new Load(Way.ONE_STREAM, 1);

        public enum Way {
            /** One {@code pg_restore} reading the archive as it streams. */
            ONE_STREAM,
            /** Staged on disk, then {@code pg_restore --jobs}: a table to a job. */
            STAGED_JOBS,
            /** Streamed, each table's rows over as many connections as jobs. */
            ROWS_OVER_CONNECTIONS
        }

        /** What the restore's PG_RESTORE step says it did. */
        public String described() {
            return switch (way) {
                case ONE_STREAM -> "streamed into pg_restore";
                case STAGED_JOBS -> "staged, then pg_restore --jobs=" + jobs;
                case ROWS_OVER_CONNECTIONS -> "streamed, each table's rows over " + jobs + " connections (into one pg_restore if "
                        + "the archive holds large objects)";
            };
        }
    }

    /**
     * With {@code ROWS_SPREAD}, the fewest rows of a backup's largest table for its rows to be loaded over several
     * connections: a smaller table loads in well under a second, less than three more reads of the archive cost.
     */
    static final long SHARED_FROM_ROWS = 100_000;

    private ParallelRestore() {
    }

    /**
     * @param jobs the configured jobs
     * @return how to load: 1 job streams into one pg_restore
     */
    public static Load load(int jobs, When when, BackupManifest manifest) {
        if (jobs <= 1) {
            return Load.ONE_STREAM;
        }
        Load staged = new Load(Load.Way.STAGED_JOBS, jobs);
        Load rowsOverConnections = new Load(Load.Way.ROWS_OVER_CONNECTIONS, jobs);
        Map<String, Long> rows = manifest.tableRowCounts();
        return switch (when) {
            case ALWAYS -> staged;
            case NEVER -> rowsOverConnections;
            case ROWS_SPREAD -> rowsSpread(rows) ? staged : largest(rows) >= SHARED_FROM_ROWS ? rowsOverConnections : Load.ONE_STREAM;
        };
    }

    /** True when the rows are spread over tables: the largest holds at most half of them. */
    static boolean rowsSpread(Map<String, Long> tableRowCounts) {
        long total = tableRowCounts.values().stream().mapToLong(Long::longValue).sum();
        return total > 0 && largest(tableRowCounts) * 2 <= total;
    }

    private static long largest(Map<String, Long> tableRowCounts) {
        return tableRowCounts.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
