package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A restore finished and passed validation.
 *
 * @param pointReached a point-in-time restore's exact point: the change archive replayed onto the backup (absent when
 *                     the restore brought back a backup as it was)
 * @param readFromCopy present when the backup was read from the second bucket's copy: why (the primary bucket's failure,
 *                     e.g. its archive missing or failing its checksum); absent when the primary bucket was read
 */
public record RestoreCompleted(String restoreId, String databaseId, String backupId, RestoreTarget.Kind targetKind,
                               String targetDatabase, long durationMs, long rowsRestored,
                               List<ValidationResult> validations, @OptionalField PointReached pointReached,
                               @OptionalField String readFromCopy) implements EventData {

    public RestoreCompleted {
        validations = List.copyOf(validations);
    }

    /** A restore that read the primary bucket. */
    public RestoreCompleted(String restoreId, String databaseId, String backupId, RestoreTarget.Kind targetKind, String targetDatabase,
                            long durationMs, long rowsRestored, List<ValidationResult> validations, PointReached pointReached) {
        this(restoreId, databaseId, backupId, targetKind, targetDatabase, durationMs, rowsRestored, validations, pointReached, null);
    }

    /**
     * @param target       the moment asked for (for a restore before a transaction: when that transaction committed)
     * @param committedAt  when the last replayed transaction committed (absent when none was: the backup was exactly there)
     * @param lsn          that transaction's commit position (the backup's own when none was replayed)
     * @param transactions transactions replayed onto the backup, in commit order
     * @param rowChanges   row changes they held
     * @param notReplayed  tables the capture leaves out, each with why: they are as the backup had them
     * @param beforeTransaction the commit position of the transaction the restore stopped just before, when one was asked for
     * @param viewsRecomputed materialized views ({@code schema.name}) whose contents at the target could not be
     *                     reproduced: the restore recomputed them from the backup's rows (no REFRESH of theirs was replayed
     *                     after it), so they may differ from the source's then; the restore differs from the source only there
     */
    public record PointReached(Instant target, @OptionalField Instant committedAt, String lsn, long transactions,
                               long rowChanges, @OptionalField Map<String, String> notReplayed,
                               @OptionalField String beforeTransaction, @OptionalField java.util.List<String> viewsRecomputed) {

        /** A point reached for a moment, every view reproduced. */
        public PointReached(Instant target, Instant committedAt, String lsn, long transactions, long rowChanges,
                            Map<String, String> notReplayed) {
            this(target, committedAt, lsn, transactions, rowChanges, notReplayed, null, null);
        }
    }
}
