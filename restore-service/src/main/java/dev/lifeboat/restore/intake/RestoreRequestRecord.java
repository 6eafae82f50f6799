package dev.lifeboat.restore.intake;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One restore request as received; its restore id makes a repeated request a no-op. */
@Entity
@Table(name = "restore_request")
public class RestoreRequestRecord extends PanacheEntityBase {

    @Id
    @Column(name = "restore_id")
    public String restoreId;

    @Column(name = "database_id", nullable = false)
    public String databaseId;

    @Column(name = "source_kind", nullable = false)
    public String sourceKind;

    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "point_in_time")
    public Instant pointInTime;

    /** A point-in-time restore's transaction to stop just before (its commit position), in place of {@code pointInTime}. */
    @Column(name = "before_transaction")
    public String beforeTransaction;

    @Column(name = "target_kind", nullable = false)
    public String targetKind;

    @Column(name = "target_database")
    public String targetDatabase;

    @Column(name = "tables", nullable = false)
    public String[] tables;

    /** LATEST / POINT_IN_TIME may choose a PRE_RESTORE safety backup. */
    @Column(name = "include_safety_backups", nullable = false)
    public boolean includeSafetyBackups;

    /** TABLES: also restore the tables whose rows depend on the named ones. */
    @Column(name = "include_dependents", nullable = false)
    public boolean includeDependents;

    /** A PRE_RESTORE safety backup comes first: asked for, and the restore changes the live database (never for a new one). */
    @Column(name = "safety_backup", nullable = false)
    public boolean safetyBackup;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "correlation_id", nullable = false)
    public String correlationId;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** RECEIVED, RUNNING, then COMPLETED, FAILED or ROLLED_BACK (a restore whose service stopped is ended by job.InterruptedRestores). */
    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Written by the worker while it runs the restore; a stale one means the worker died. */
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    /** The attempt that owns the run while RUNNING: 1 once claimed, one more for each recovery that took it over. */
    @Column(name = "attempt", nullable = false)
    public int attempt;

    /** The archive's stored bytes read so far, written with the heartbeat while RUNNING. */
    @Column(name = "progress_bytes")
    public Long progressBytes;

    /** The archive's stored size (the manifest's): what the restore's progress is measured against. */
    @Column(name = "progress_expected_bytes")
    public Long progressExpectedBytes;

    @Column(name = "progress_bytes_per_second")
    public Long progressBytesPerSecond;

    /** The backup the source resolved to. */
    @Column(name = "resolved_backup_id")
    public String resolvedBackupId;

    @Column(name = "safety_backup_id")
    public String safetyBackupId;

    /** IN_PLACE: where the previous live database was renamed to. */
    @Column(name = "pre_restore_database")
    public String preRestoreDatabase;

    @Column(name = "staging_database")
    public String stagingDatabase;

    @Column(name = "rows_restored")
    public Long rowsRestored;

    /** TABLES: the live database's transaction that replaces the rows, recorded just before it commits. */
    @Column(name = "live_transaction")
    public Long liveTransaction;

    /** Bytes of the stored archive read. */
    @Column(name = "stored_bytes")
    public Long storedBytes;

    /** The validation results, as JSON. */
    @Column(name = "validations")
    public String validations;

    /** Why the restore read the second bucket's copy (the primary's failure); null when it read the primary. */
    @Column(name = "read_from_copy")
    public String readFromCopy;

    /** D1 into a live database: the file holding that database's export, taken before the restore changed it; null before it is whole. */
    @Column(name = "put_back_export")
    public String putBackExport;

    /** A point-in-time restore's exact point, as JSON (null for a backup restored as it is). */
    @Column(name = "point_reached")
    public String pointReached;

    @Column(name = "error_step")
    public String errorStep;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    /** The attempt this copy of the record was read by: the one every write of the run names. */
    public RestoreAttempt owner() {
        return new RestoreAttempt(restoreId, attempt);
    }

    /** The request's source, as the contract has it. */
    public RestoreSource source() {
        return new RestoreSource(RestoreSource.Kind.valueOf(sourceKind), backupId, pointInTime, includeSafetyBackups, beforeTransaction);
    }

    /** The request's target, as the contract has it (an IN_PLACE request was confirmed when it was accepted). */
    public RestoreTarget target() {
        RestoreTarget.Kind kind = RestoreTarget.Kind.valueOf(targetKind);
        return new RestoreTarget(kind, targetDatabase, List.of(tables), includeDependents, kind == RestoreTarget.Kind.IN_PLACE);
    }

    /**
     * Takes back what a run recorded of its outcome before committing it (a swap's or a TABLES transaction's rows and
     * validations, the point reached, the live transaction): it did not commit, or a swap was undone ({@code PutBack}), so a
     * FAILED or ROLLED_BACK restore shows none of it. A commit whose outcome cannot be told keeps them, as the only word of
     * what may have been done.
     */
    public void outcomeNotCommitted() {
        liveTransaction = null;
        rowsRestored = null;
        validations = null;
        pointReached = null;
    }
}
