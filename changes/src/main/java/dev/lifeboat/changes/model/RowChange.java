package dev.lifeboat.changes.model;

import java.util.List;
import java.util.Map;

/**
 * One row's change, its values in PostgreSQL's text form (lossless for every type; {@code null} is SQL NULL).
 *
 * @param values the new row (INSERT, UPDATE); an UPDATE leaves out a large value it did not change (an unchanged TOAST
 *               value is not sent), so only the columns present are set
 * @param key    what finds the row (UPDATE, DELETE): its replica identity's old values, the whole old row for a table
 *               with {@code REPLICA IDENTITY FULL}
 * @param tables the tables a TRUNCATE empties, all at once
 * @param cascade a TRUNCATE's CASCADE; {@code restartIdentity} its RESTART IDENTITY
 * @param schemaChange a DDL command (SCHEMA), at its place among the transaction's row changes
 */
public record RowChange(Kind kind, TableName table, Map<String, String> values, Map<String, String> key,
                        List<TableName> tables, boolean cascade, boolean restartIdentity, SchemaChange schemaChange) {

    public enum Kind { INSERT, UPDATE, DELETE, TRUNCATE, SCHEMA }

    public static RowChange insert(TableName table, Map<String, String> values) {
        return new RowChange(Kind.INSERT, table, values, null, null, false, false, null);
    }

    public static RowChange update(TableName table, Map<String, String> values, Map<String, String> key) {
        return new RowChange(Kind.UPDATE, table, values, key, null, false, false, null);
    }

    public static RowChange delete(TableName table, Map<String, String> key) {
        return new RowChange(Kind.DELETE, table, null, key, null, false, false, null);
    }

    public static RowChange truncate(List<TableName> tables, boolean cascade, boolean restartIdentity) {
        return new RowChange(Kind.TRUNCATE, null, null, null, List.copyOf(tables), cascade, restartIdentity, null);
    }

    public static RowChange schema(SchemaChange change) {
        return new RowChange(Kind.SCHEMA, null, null, null, null, false, false, change);
    }

    /** The tables whose rows the change touches (none for a DDL command). */
    public List<TableName> touched() {
        return switch (kind) {
            case TRUNCATE -> tables;
            case SCHEMA -> List.of();
            default -> List.of(table);
        };
    }

    /** Roughly the change's size as JSON: what segment and transaction memory limits are held against. */
    public long estimatedBytes() {
        long bytes = 64 + textBytes(values) + textBytes(key);
        return schemaChange == null ? bytes : bytes + (schemaChange.query() == null ? 0 : schemaChange.query().length()) + 256;
    }

    private static long textBytes(Map<String, String> values) {
        if (values == null) {
            return 0;
        }
        long bytes = 0;
        for (Map.Entry<String, String> value : values.entrySet()) {
            bytes += value.getKey().length() + (value.getValue() == null ? 4 : value.getValue().length()) + 6;
        }
        return bytes;
    }
}
