package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.decode.TransactionBuffer;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An open segment: the transactions committed since {@code fromLsn}, in commit order, and what its manifest will say of
 * them. Not thread-safe: one capturer fills it.
 */
public final class SegmentContents {

    private final Lsn fromLsn;
    private final List<Transaction> transactions = new ArrayList<>();
    private final Map<String, Long> rowChanges = new TreeMap<>();
    private final Map<String, TableDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, String> excluded;
    private long estimatedBytes;
    private TransactionBuffer spilled;
    private List<SchemaChange> spilledCommands;

    /** @param excluded the tables the capture leaves out, with why */
    public SegmentContents(Lsn fromLsn, Map<String, String> excluded) {
        this.fromLsn = fromLsn;
        this.excluded = Map.copyOf(excluded);
    }

    public void add(Transaction transaction) {
        transactions.add(transaction);
        for (RowChange change : transaction.changes()) {
            for (var table : change.touched()) {
                rowChanges.merge(table.qualified(), 1L, Long::sum);
            }
            estimatedBytes += change.estimatedBytes();
        }
    }

    /**
     * Takes a transaction that spilled to disk, alone (the capture closes the open segment before it and this one after):
     * its changes are read back from disk as the segment is stored.
     *
     * @param resolved its DDL commands as statement matching judged them, in order
     */
    public void addSpilled(TransactionBuffer transaction, List<SchemaChange> resolved) {
        if (!isEmpty()) {
            throw new IllegalStateException("a spilled transaction takes a segment of its own");
        }
        spilled = transaction;
        spilledCommands = List.copyOf(resolved);
        transactions.add(transaction.header());
        transaction.rowChanges().forEach((table, count) -> rowChanges.merge(table, count, Long::sum));
        estimatedBytes = Long.MAX_VALUE;
    }

    /** The spilled transaction this segment holds, or null. */
    public TransactionBuffer spilled() {
        return spilled;
    }

    /** The lines of the segment, in commit order: each transaction, or the parts of the spilled one. */
    Iterator<Transaction> lines() throws java.io.IOException {
        return spilled == null ? transactions.iterator() : spilled.parts(spilledCommands);
    }

    public void definition(TableDefinition definition) {
        definitions.put(definition.table().qualified(), definition);
    }


    public boolean isEmpty() {
        return transactions.isEmpty();
    }

    /** Roughly the segment's JSON size: what the size limit is held against. */
    public long estimatedBytes() {
        return estimatedBytes;
    }

    public Lsn fromLsn() {
        return fromLsn;
    }

    /** The position everything in the segment is complete to: its last transaction's end. */
    public Lsn toLsn() {
        return transactions.isEmpty() ? fromLsn : transactions.get(transactions.size() - 1).endLsn();
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    public Map<String, Long> rowChanges() {
        return rowChanges;
    }

    public List<TableDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    public Map<String, String> excluded() {
        return excluded;
    }

    public Instant firstCommitTime() {
        return transactions.get(0).commitTime();
    }

    public Instant lastCommitTime() {
        return transactions.get(transactions.size() - 1).commitTime();
    }
}
