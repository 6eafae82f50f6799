package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.InPlaceRestore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the capture's gaps say. A table's definition changed where the change cannot be replayed. A new line of the
 * stream (a new slot): its database replaced under its name (a restore in place, named when the restore service left
 * word of it), or its slot lost; each runs from the moment the old line was complete to, as what committed between is
 * in neither line.
 */
final class CaptureGaps {

    /** What every gap of a database replaced under its name says. */
    private static final String REPLACED = "the database captured before is now ";

    private CaptureGaps() {
    }

    static String definitionChanged(TableName table) {
        return "the definition of " + table + " changed (the stream carries no DDL, so its changes cannot be replayed"
                + " across the change until a backup is taken after it)";
    }

    /**
     * The gaps a committed transaction ends or opens: those found before it (a definition changed) end at its commit;
     * each of its DDL commands that cannot be replayed opens one at its commit (every second before is restorable).
     */
    static List<Gap> foundAt(String databaseId, Transaction transaction, List<Gap> unresolved) {
        List<Gap> gaps = new ArrayList<>();
        for (RowChange change : transaction.changes()) {
            SchemaChange command = change.schemaChange();
            if (command != null && command.notReplayable() != null) {
                gaps.add(new Gap(databaseId, command.tables().isEmpty() ? null : command.tables().get(0),
                        command.notReplayable(), transaction.commitTime(), transaction.commitLsn(), transaction.commitTime(),
                        Gap.Kind.SCHEMA_CHANGE));
            }
        }
        for (Gap gap : unresolved) {
            gaps.add(new Gap(databaseId, gap.table(), gap.reason(), gap.from(), transaction.commitLsn(), transaction.commitTime(), gap.kind()));
        }
        return gaps;
    }

    static Gap replaced(ChangeArchive archive, String databaseId, String database, String aside, Instant coveredBefore,
                        Lsn foundAt, Instant now) throws IOException {
        Optional<InPlaceRestore> restore = archive.inPlaceRestore(databaseId, aside);
        String cause = restore.map(r -> "restored in place by " + r.restoreId() + " (backup " + r.backupId() + "): ")
                .orElse(database + " was replaced by another database of its name (restored in place?): ");
        return new Gap(databaseId, null, cause + REPLACED + aside + ", and its slot is dropped;"
                + " capture starts again on the new one", coveredBefore, foundAt, now, restore.map(InPlaceRestore::restoreId).orElse(null),
                Gap.Kind.REPLACED_DATABASE);
    }

    /**
     * The gap of a database replaced under its name recorded after the last stored segment, if any: a hand-over to a
     * database restored in place began (its gap is recorded first) and the stream has not gone on since, so the slot on
     * the live database (made by this capture, or by one cut short whose session outlived it) starts a new line.
     */
    static Optional<Gap> handOverAfter(ChangeArchive archive, String databaseId, List<SegmentManifest> stored) throws IOException {
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Lsn end = stored.get(stored.size() - 1).toLsn();
        return archive.gaps(databaseId).stream().filter(gap -> gap.table() == null
                && gap.kind() == Gap.Kind.REPLACED_DATABASE && gap.foundAtLsn().after(end)).reduce((first, later) -> later);
    }

    static Gap lostSlot(String databaseId, Lsn newStart, Instant coveredBefore, Instant now) {
        return new Gap(databaseId, null, "capture lost its replication slot (dropped, or its WAL was removed); a new one starts at "
                + newStart, coveredBefore, newStart, now, Gap.Kind.LOST_SLOT);
    }
}
