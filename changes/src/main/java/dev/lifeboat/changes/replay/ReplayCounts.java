package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.postgres.sql.TableInheritance;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a replay applied: transactions, row changes, and per table the net rows it added, so that a restored table's
 * row count can be checked against the backup's count plus the replayed changes (from zero after a TRUNCATE).
 */
public final class ReplayCounts {

    private long transactions;
    private long rowChanges;
    /** Per table (by its name, not its text: this is counted for every change), the rows it added less those deleted. */
    private final Map<TableName, long[]> netRows = new HashMap<>();
    private final Set<String> truncated = new TreeSet<>();
    private final Set<String> reshaped = new TreeSet<>();
    private long schemaChanges;
    private boolean typesChanged;

    void transaction() {
        transactions++;
    }

    void applied(RowChange change) {
        rowChanges++;
        switch (change.kind()) {
            case INSERT -> net(change.table())[0]++;
            case DELETE -> net(change.table())[0]--;
            case UPDATE -> net(change.table());
            case TRUNCATE -> change.tables().forEach(table -> {
                truncated.add(table.qualified());
                netRows.put(table, new long[1]);
            });
            case SCHEMA -> throw new IllegalArgumentException("a DDL command is counted by schemaChanged");
        }
    }

    /** A DDL command ran: the rows of the tables it made, changed or dropped are no longer the stream's to count. */
    void schemaChanged(dev.lifeboat.changes.model.SchemaChange command) {
        reshaped.addAll(command.reshaped());
        schemaChanges++;
        typesChanged |= TYPE_CHANGES.stream().anyMatch(command.tag()::startsWith);
    }

    /**
     * DDL that changes how values print in any table using what it changed (an enum's label renamed, a domain, an
     * extension's types): after it, no table's rows can be held to the backup's digest.
     */
    private static final java.util.List<String> TYPE_CHANGES = java.util.List.of("ALTER TYPE", "DROP TYPE", "ALTER DOMAIN",
            "DROP DOMAIN", "ALTER EXTENSION", "DROP EXTENSION", "CREATE EXTENSION", "ALTER COLLATION", "DROP COLLATION");

    private long[] net(TableName table) {
        long[] net = netRows.get(table);
        if (net == null) {
            net = new long[1];
            netRows.put(table, net);
        }
        return net;
    }

    /** Adds what these counts hold to {@code total} and starts them again from nothing (a lane's, once it is idle). */
    void drainInto(ReplayCounts total) {
        total.rowChanges += rowChanges;
        netRows.forEach((table, net) -> total.net(table)[0] += net[0]);
        rowChanges = 0;
        netRows.clear();
    }

    /** DDL commands replayed. */
    public long schemaChanges() {
        return schemaChanges;
    }

    /** Tables a replayed DDL command made, changed or dropped: their rows cannot be counted from the stream alone. */
    public Set<String> reshaped() {
        return Set.copyOf(reshaped);
    }

    /**
     * Tables whose rows the replay changed in any way: a row change, a TRUNCATE, a DDL command that reshaped them or a
     * parent of theirs (an {@code ALTER TABLE} of a parent rewrites its partitions and children too); every table of
     * {@code all} once a replayed command changed a type, a domain or an extension.
     *
     * @param children each table's inheritance children and partitions, as the copy has them
     */
    public Set<String> changed(java.util.Map<String, java.util.List<String>> children, Set<String> all) {
        if (typesChanged) {
            return new TreeSet<>(all);
        }
        Set<String> changed = new TreeSet<>(truncated);
        netRows.keySet().forEach(table -> changed.add(table.qualified()));
        for (String table : reshaped) {
            changed.add(table);
            changed.addAll(TableInheritance.descendants(table, children));
        }
        return changed;
    }

    public long transactions() {
        return transactions;
    }

    public long rowChanges() {
        return rowChanges;
    }

    /** The rows the replay added to the table (less those it deleted), since its last TRUNCATE if it had one. */
    long net(String table) {
        for (Map.Entry<TableName, long[]> net : netRows.entrySet()) { // by the text, as the backup's counts name tables
            if (net.getKey().qualified().equals(table)) {
                return net.getValue()[0];
            }
        }
        return 0L;
    }

    boolean truncated(String table) {
        return truncated.contains(table);
    }

    /**
     * The rows each table should hold after the replay, from the backup's counts: the base plus the net rows added, or
     * only the rows added since the last TRUNCATE. Tables the replay did not touch keep their base count.
     */
    public Map<String, Long> expectedRows(Map<String, Long> base) {
        Map<String, Long> expected = new TreeMap<>(base);
        netRows.forEach((name, net) -> {
            String table = name.qualified();
            expected.put(table, (truncated.contains(table) ? 0L : base.getOrDefault(table, 0L)) + net[0]);
        });
        return expected;
    }
}
