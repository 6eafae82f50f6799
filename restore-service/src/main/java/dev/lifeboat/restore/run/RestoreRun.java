package dev.lifeboat.restore.run;

import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.restore.source.BackupObjects;
import dev.lifeboat.restore.source.PointInTimeRestore;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.HeldLock;
import dev.lifeboat.restore.target.TargetServer;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** One restore while it runs: its request, its journaled steps, what RESOLVE_SOURCE found, and the live database's lock once held. */
public final class RestoreRun {

    private final RestoreRequestRecord request;
    private final StepJournal steps;
    private ResolvedSource source;
    private HeldLock lock;
    private PointInTimeRestore.Replayed replayed;
    private final Progress progress;
    private BackupObjects from;
    private String copyBecause;

    public RestoreRun(RestoreRequestRecord request, StepJournal steps, Progress progress) {
        this.request = request;
        this.steps = steps;
        this.progress = progress;
    }

    /** How far PG_RESTORE has read the archive. */
    public Progress progress() {
        return progress;
    }

    public RestoreRequestRecord request() {
        return request;
    }

    public String restoreId() {
        return request.restoreId;
    }

    /** The attempt running it: what each of its writes names. */
    public dev.lifeboat.restore.intake.RestoreAttempt attempt() {
        return request.owner();
    }

    /** Runs one step and journals it (see {@link StepJournal}). */
    public String step(RestoreStep step, StepJournal.Work<String> work) throws RestoreFailure {
        return steps.run(step, work);
    }

    public <T> T step(RestoreStep step, StepJournal.Work<T> work, Function<T, String> details) throws RestoreFailure {
        return steps.run(step, work, details);
    }

    /** The step running, or the last one that ran. */
    public RestoreStep currentStep() {
        return steps.current();
    }

    public void resolvedTo(ResolvedSource resolved) {
        this.source = resolved;
        this.from = resolved.from();
        this.copyBecause = resolved.copyBecause();
    }

    /** The bucket the archive is read from: the primary, or the second bucket's copy. */
    public BackupObjects from() {
        return from;
    }

    /** From now on the archive is read from the second bucket's copy, because the primary failed as {@code because} says. */
    public void readFromCopy(BackupObjects copy, String because) {
        this.from = copy;
        this.copyBecause = because;
    }

    /** Why the restore read the second bucket's copy (the primary's failure); null when it read the primary. */
    public String copyBecause() {
        return copyBecause;
    }

    /** The live database's lock, held from the LOCK step to the end of the restore. */
    public RestoreRun holding(HeldLock held) {
        this.lock = held;
        return this;
    }

    public HeldLock lock() {
        if (lock == null) {
            throw new IllegalStateException("restore " + restoreId() + " does not hold the lock");
        }
        return lock;
    }

    public RestorePlan plan() {
        return source.plan();
    }

    public TargetServer server() {
        return source.server();
    }

    /** The backup; after REPLAY, with the row counts the replayed copy must have (what validation checks). */
    public BackupManifest manifest() {
        return replayed != null ? replayed.expected() : source.manifest();
    }

    /** POINT_IN_TIME the archive reaches: what REPLAY runs; null when the backup is restored as it is. */
    public PointInTimeRestore replay() {
        return source.replay();
    }

    public void replayed(PointInTimeRestore.Replayed replayed) {
        this.replayed = replayed;
    }

    /** The exact point a replayed restore reached, for RestoreCompleted; null when nothing was replayed. */
    public RestoreCompleted.PointReached pointReached() {
        return replayed == null ? null : replayed.point();
    }

    /** The archive's key, or null when the backup is not encrypted. */
    public ArchiveEncryption key() {
        return source.key();
    }

    /** TABLES: the tables restored; null for a whole database. */
    public Set<String> tables() {
        return source.tables();
    }

    /** The tables validation checks: the restored ones, or every table of the backup. */
    public List<String> checkedTables() {
        Set<String> tables = tables();
        return tables == null ? List.copyOf(manifest().tableRowCounts().keySet()) : List.copyOf(tables);
    }
}
