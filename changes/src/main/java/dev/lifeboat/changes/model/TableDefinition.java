package dev.lifeboat.changes.model;

import java.util.List;

/**
 * A table's definition as the stream last described it (pgoutput's Relation message). The stream carries no DDL: a
 * definition that differs from the one seen before is how a schema change shows.
 *
 * @param relationId      the table's oid in the source: a table renamed, or another put in its place, shows by it
 * @param replicaIdentity {@code d} primary key, {@code f} full row, {@code i} an index, {@code n} nothing
 */
public record TableDefinition(TableName table, long relationId, char replicaIdentity, List<Column> columns) {

    public TableDefinition {
        columns = List.copyOf(columns);
    }

    /**
     * @param typeOid the column's type in the source server (user types' oids differ between servers; replay reads the
     *                target's types by column name)
     * @param key     part of the replica identity: what an UPDATE or DELETE finds its row by
     */
    public record Column(String name, int typeOid, int typeModifier, boolean key) {
    }

    public List<String> keyColumns() {
        return columns.stream().filter(Column::key).map(Column::name).toList();
    }
}
