package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.NewestValue;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.restore.TableOfContents;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checks of a restored database against its backup, generic over any schema (JDBC on the restored
 * database: blocking), one class per {@link RestoredCheck}: row counts equal the manifest's, no foreign-key
 * orphans (from the catalog of constraints), no sequence behind the column it feeds, every table and index of
 * the archive present, and the newest value of each freshness column what the manifest recorded.
 */
public final class RestoredDatabaseChecks {

    private final Connection connection;
    private final CheckLanes lanes;

    /** Checks over this one connection. */
    public RestoredDatabaseChecks(Connection connection) {
        this(connection, CheckLanes.single());
    }

    /** Checks over {@code connection}, reading rows back over {@code lanes} at once. */
    public RestoredDatabaseChecks(Connection connection, CheckLanes lanes) {
        this.connection = connection;
        this.lanes = lanes;
    }

    /**
     * The checks of a whole restore (or, given {@code tables}, of those tables and the keys that touch them)
     * against the backup's manifest: row counts, row digests, foreign keys, sequences, and the freshness columns of the
     * tables checked (when the backup recorded any). The digests' read comes first: the rows it reads are not counted again.
     */
    public Outcome all(BackupManifest manifest, Collection<String> tables) throws SQLException {
        Map<String, Long> rowsRead = new TreeMap<>();
        ValidationResult digests = manifest.rowDigests() == null ? null
                : RowDigestCheck.check(connection, lanes, manifest.rowDigests(), tables, manifest.serverVersion(), rowsRead);
        Map<String, Long> counted = new TreeMap<>();
        List<ValidationResult> results = new ArrayList<>(List.of(
                RowCountCheck.check(connection, manifest.tableRowCounts(), tables, rowsRead, counted),
                ForeignKeyCheck.check(connection, Set.copyOf(tables)),
                SequenceCheck.check(connection, Set.copyOf(tables))));
        if (digests != null) {
            results.add(1, digests);
        }
        Map<String, NewestValue> freshness = new TreeMap<>(manifest.freshnessColumns());
        freshness.keySet().retainAll(Set.copyOf(tables));
        if (!freshness.isEmpty()) {
            results.add(FreshnessColumnCheck.check(connection, freshness));
        }
        return new Outcome(results, RowCountCheck.rowsOnce(connection, counted), counted);
    }

    /** {@link RestoredCheck#SCHEMA_OBJECTS} against the archive's table of contents. */
    public ValidationResult schemaObjects(List<TableOfContents.Entry> expected) throws SQLException {
        return SchemaObjectCheck.check(connection, expected);
    }

    /**
     * @param rowsRestored rows in the checked tables, each once (a partition's rows are not counted again in its parent)
     * @param tableRows    rows counted per table ({@code schema.table})
     */
    public record Outcome(List<ValidationResult> results, long rowsRestored, Map<String, Long> tableRows) {
        public Outcome {
            tableRows = Map.copyOf(tableRows);
        }

        /** These checks and a notice after them, when there is one. */
        public Outcome with(java.util.Optional<ValidationResult> notice) {
            if (notice.isEmpty()) {
                return this;
            }
            List<ValidationResult> all = new ArrayList<>(results);
            all.add(notice.get());
            return new Outcome(List.copyOf(all), rowsRestored, tableRows);
        }

        public boolean passed() {
            return results.stream().allMatch(ValidationResult::passed);
        }

        /** Each check and what it found, for a person: {@code ROW_COUNTS passed: 12 tables match the manifest; …}. */
        public String summary() {
            return results.stream().map(result -> result.check() + (result.passed() ? " passed: " : " FAILED: ") + result.details())
                    .collect(java.util.stream.Collectors.joining("; "));
        }

        public String failures() {
            return results.stream().filter(result -> !result.passed())
                    .map(result -> result.check() + ": " + result.details()).reduce((a, b) -> a + " | " + b).orElse("");
        }
    }

}
