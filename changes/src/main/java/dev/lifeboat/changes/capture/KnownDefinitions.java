package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.SegmentManifest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table definitions the archive was written under, and when each table last changed under them: what tells a
 * definition change (also one made while capture was down) and how early it may have happened.
 */
final class KnownDefinitions {

    private final Map<TableName, TableDefinition> known = new HashMap<>();
    private final Map<TableName, Instant> lastChanged = new HashMap<>();
    private final Map<TableName, Instant> unchangedAt = new HashMap<>();

    /** Reads what the stored segments say; returns until when the archive was complete (the epoch when it is empty). */
    Instant load(List<SegmentManifest> stored, Optional<Coverage> coverage) {
        Instant covered = Instant.EPOCH;
        for (SegmentManifest segment : stored) {
            for (TableDefinition definition : segment.definitions()) {
                known.put(definition.table(), definition);
                // the table's last change in the segment is no earlier than the segment's first commit
                lastChanged.put(definition.table(), segment.firstCommitTime());
            }
            covered = later(covered, segment.coveredUntil());
        }
        if (coverage.isPresent() && (stored.isEmpty() || coverage.get().lsn().after(stored.get(stored.size() - 1).lastCommitLsn()))) {
            covered = later(covered, coverage.get().until());
        }
        return covered;
    }

    void touched(Transaction transaction) {
        for (RowChange change : transaction.changes()) {
            for (TableName table : change.touched()) {
                lastChanged.put(table, transaction.commitTime());
            }
        }
    }

    /**
     * Takes a table's definition as the stream gave it; when its columns differ from the known ones, returns the
     * earliest the change can have happened: the table's last change under the old definition.
     */
    Optional<Instant> changed(TableDefinition streamBefore, TableDefinition definition) {
        // what a catalog poll saw is newer than what the stream said before it
        TableDefinition previous = known.getOrDefault(definition.table(), streamBefore);
        known.put(definition.table(), definition);
        if (previous == null || sameColumns(previous.columns(), definition.columns())) {
            return Optional.empty();
        }
        return Optional.of(earliestChange(definition.table()));
    }

    /**
     * Takes a table's columns as the catalog has them at {@code polledAt}; when they differ from the known ones, returns
     * the earliest the change can have happened: the later of its last change and the last poll that saw it unchanged.
     */
    Optional<Instant> polled(TableName table, List<TableDefinition.Column> columns, Instant polledAt, Instant previousPoll) {
        TableDefinition previous = known.get(table);
        if (previous == null || sameColumns(previous.columns(), columns)) {
            unchangedAt.put(table, polledAt);
            return Optional.empty();
        }
        unchangedAt.putIfAbsent(table, previousPoll);
        Instant from = earliestChange(table);
        known.put(table, new TableDefinition(table, previous.replicaIdentity(), columns));
        unchangedAt.put(table, polledAt);
        return Optional.of(from);
    }

    private Instant earliestChange(TableName table) {
        Instant changed = lastChanged.getOrDefault(table, Instant.EPOCH);
        Instant unchanged = unchangedAt.getOrDefault(table, Instant.EPOCH);
        return unchanged.isAfter(changed) ? unchanged : changed;
    }

    /** Names, types and type modifiers: a changed key or replica identity does not change what replay writes. */
    static boolean sameColumns(List<TableDefinition.Column> a, List<TableDefinition.Column> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            TableDefinition.Column x = a.get(i);
            TableDefinition.Column y = b.get(i);
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
