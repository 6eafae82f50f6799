package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.Transaction;

import java.time.Instant;
import java.util.ArrayList;
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
            estimatedBytes += 64 + textBytes(change.values()) + textBytes(change.key());
        }
    }

    public void definition(TableDefinition definition) {
        definitions.put(definition.table().qualified(), definition);
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
