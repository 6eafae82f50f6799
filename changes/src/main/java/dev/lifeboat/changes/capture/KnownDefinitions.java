package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.SegmentManifest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The table definitions the archive was written under, and when each table last changed under them: what tells a
 * definition change (also one made while capture was down, a rename, or another table put in a table's place) and how
 * early it may have happened.
 */
final class KnownDefinitions {

    private final Map<TableName, TableDefinition> known = new HashMap<>();
    private final Map<Long, TableName> names = new HashMap<>();
    private final Map<TableName, Instant> lastChanged = new HashMap<>();
    private final Map<TableName, Instant> unchangedAt = new HashMap<>();

    /** Reads what the stored segments say; returns until when the archive was complete (the epoch when it is empty). */
    Instant load(List<SegmentManifest> stored, Optional<Coverage> coverage) {
        Instant covered = Instant.EPOCH;
        for (SegmentManifest segment : stored) {
            segment.definitions().forEach(this::remember);
            // a table's last change in a segment is no earlier than the segment's first commit
            segment.rowChanges().keySet().forEach(table -> lastChanged.put(TableName.of(table), segment.firstCommitTime()));
            covered = later(covered, segment.coveredUntil());
        }
        if (coverage.isPresent() && (stored.isEmpty() || coverage.get().lsn().after(stored.get(stored.size() - 1).lastCommitLsn()))) {
            covered = later(covered, coverage.get().until());
        }
        return covered;
    }

    /** Forgets every definition: the database captured is another one now. */
    void clear() {
        known.clear();
        names.clear();
        lastChanged.clear();
        unchangedAt.clear();
    }

    /** Notes when the transaction's tables changed; returns their definitions, for the segment's manifest. */
    List<TableDefinition> touched(Transaction transaction) {
        Set<TableName> tables = new LinkedHashSet<>();
        for (RowChange change : transaction.changes()) {
            tables.addAll(change.touched());
        }
        return touched(tables, transaction.commitTime());
    }

    /** Notes that these tables changed at {@code commitTime}; returns their definitions, for the segment's manifest. */
    List<TableDefinition> touched(Set<TableName> tables, Instant commitTime) {
        List<TableDefinition> definitions = new ArrayList<>();
        for (TableName table : tables) {
            lastChanged.put(table, commitTime);
            TableDefinition definition = known.get(table);
            if (definition != null) {
                definitions.add(definition);
            }
        }
        return definitions;
    }

    /**
     * Takes a table's definition as the stream gave it; when it differs from the known one, returns the earliest the
     * change can have happened: the later of the table's last change under the old definition and the last catalog
     * look that saw it unchanged.
     */
    Optional<Instant> changed(TableDefinition streamBefore, TableDefinition definition) {
        // what a catalog look saw is newer than what the stream said before it
        TableDefinition previous = known.getOrDefault(definition.table(), streamBefore);
        return compare(previous, definition);
    }

    /** As {@link #changed}, for a definition read from the catalog at {@code polledAt}. */
    Optional<Instant> polled(TableDefinition catalog, Instant polledAt, Instant previousPoll) {
        TableDefinition previous = known.get(catalog.table());
        TableDefinition merged = previous == null ? catalog
                : new TableDefinition(catalog.table(), catalog.relationId(), previous.replicaIdentity(), catalog.columns());
        unchangedAt.putIfAbsent(catalog.table(), previousPoll);
        Optional<Instant> from = compare(previous, merged);
        unchangedAt.put(catalog.table(), polledAt);
        return from;
    }

    private Optional<Instant> compare(TableDefinition previous, TableDefinition definition) {
        TableName renamedFrom = names.get(definition.relationId());
        remember(definition);
        if (previous == null) {
            if (renamedFrom != null && !renamedFrom.equals(definition.table())) {
                return Optional.of(earliestChange(renamedFrom));
            }
            return Optional.empty();
        }
        if (sameTable(previous, definition)) {
            return Optional.empty();
        }
        return Optional.of(earliestChange(definition.table()));
    }

    private void remember(TableDefinition definition) {
        known.put(definition.table(), definition);
        if (definition.relationId() != 0) {
            names.put(definition.relationId(), definition.table());
        }
    }

    private Instant earliestChange(TableName table) {
        Instant changed = lastChanged.getOrDefault(table, Instant.EPOCH);
        Instant unchanged = unchangedAt.getOrDefault(table, Instant.EPOCH);
        return unchanged.isAfter(changed) ? unchanged : changed;
    }

    /**
     * The same table (by oid, when both know it) with the same column names, types and type modifiers: a changed key or
     * replica identity does not change what replay writes.
     */
    static boolean sameTable(TableDefinition a, TableDefinition b) {
        if (a.relationId() != 0 && b.relationId() != 0 && a.relationId() != b.relationId()) {
            return false;
        }
        if (a.columns().size() != b.columns().size()) {
            return false;
        }
        for (int i = 0; i < a.columns().size(); i++) {
            TableDefinition.Column x = a.columns().get(i);
            TableDefinition.Column y = b.columns().get(i);
            if (!x.name().equals(y.name()) || x.typeOid() != y.typeOid() || x.typeModifier() != y.typeModifier()) {
                return false;
            }
        }
        return true;
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }
}
