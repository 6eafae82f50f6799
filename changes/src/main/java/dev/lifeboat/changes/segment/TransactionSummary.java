package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a captured transaction did, without its rows: what the change timeline shows an operator looking for the moment
 * something went wrong. Each segment keeps its transactions' summaries beside it ({@link SegmentTimeline}).
 *
 * @param role          the role that ran it where the stream says (a DDL command's session role), else null
 * @param tables        per table ({@code schema.table}) the rows it inserted, updated and deleted, and whether it truncated it
 * @param schemaChanges its DDL commands, in order
 */
public record TransactionSummary(long xid, Lsn commitLsn, Instant commitTime, String role, Map<String, TableRows> tables,
                                 List<SchemaCommand> schemaChanges) {

    public TransactionSummary {
        tables = tables == null ? Map.of() : new TreeMap<>(tables);
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
    }

    /** A table's rows one transaction touched. A TRUNCATE's rows are not in the stream: only that it ran. */
    public record TableRows(long inserted, long updated, long deleted, boolean truncated) {

        public long touched() {
            return inserted + updated + deleted;
        }

        /** Whether it did this kind of change (never {@link RowChange.Kind#SCHEMA}: that is the transaction's). */
        public boolean did(RowChange.Kind kind) {
            return switch (kind) {
                case INSERT -> inserted > 0;
                case UPDATE -> updated > 0;
                case DELETE -> deleted > 0;
                case TRUNCATE -> truncated;
                case SCHEMA -> false;
            };
        }
    }

    /**
     * A DDL command of the transaction.
     *
     * @param statement     what ran (the one statement of the client's text that ran it, or the whole text where it
     *                      could not be told apart)
     * @param tables        the tables it made, changed or dropped ({@code schema.table})
     * @param notReplayable why a point-in-time restore cannot replay it (null: it can)
     */
    public record SchemaCommand(String tag, String statement, List<String> tables, String notReplayable) {

        public SchemaCommand {
            tables = tables == null ? List.of() : List.copyOf(tables);
        }
    }

    /** The rows it inserted, updated and deleted in all. */
    public long rowsTouched() {
        return tables.values().stream().mapToLong(TableRows::touched).sum();
    }

    /** Whether it touched the rows of {@code table} ({@code schema.table}) or changed its definition. */
    public boolean touches(String table) {
        return tables.containsKey(table) || schemaChanges.stream().anyMatch(command -> command.tables().contains(table));
    }

    /** Whether it did this kind of change: a DDL command ({@link RowChange.Kind#SCHEMA}) or a row change. */
    public boolean did(RowChange.Kind kind) {
        return kind == RowChange.Kind.SCHEMA ? !schemaChanges.isEmpty()
                : tables.values().stream().anyMatch(rows -> rows.did(kind));
    }
}
