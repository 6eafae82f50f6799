package dev.lifeboat.restore.job;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.staging.StagedArchive;
import dev.lifeboat.archive.staging.StagedFolder;
import dev.lifeboat.archive.staging.StagingArea;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.check.D1Checks;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.restore.BackupExport;
import dev.lifeboat.d1.restore.D1Restore;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.restore.config.EncryptionConfig;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestorePreflight;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.TakenOver;
import dev.lifeboat.restore.registry.KnownDatabase;
import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.restore.run.RolledBack;
import dev.lifeboat.restore.run.StepJournal;
import dev.lifeboat.restore.source.ArchiveIntoPgRestore;
import dev.lifeboat.restore.source.ArchiveOrCopy;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.D1Targets;
import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One restore of a Cloudflare D1 database, the runbook's steps: RESOLVE_SOURCE; RestoreStarted (the portal's maintenance
 * signal) before anything changes; SAFETY_BACKUP when asked ({@link RestoreOpening}); PREPARE_TARGET (the archive staged as
 * every restore stages one, through its checksum, onto local disk; the live database exported as it is now, or the new
 * database made), holding the database's lock when the restore changes the live one (LOCK: {@link D1DatabaseLock}, which its
 * backups take too); LOAD (foreign keys deferred; chosen tables in one batch, a local whole database in batches: {@link D1Restore});
 * VALIDATION (rows, quick_check, foreign_key_check, schema). A live database whose load or checks fail gets its export
 * put back (ROLLBACK, {@code RestoreRolledBack}); a new one is removed. Should this service be killed, its recovery does
 * the same ({@link D1PutBack}: the live database's export is kept where it finds it, the new database journaled). The
 * load's files are plaintext data: they are written in a work folder of the staging folder ({@link StagedFolder}), removed
 * after the restore, or by the staging sweep at the next start should this service be killed.
 */
@ApplicationScoped
public class D1RestoreJob {

    private final RestorePreflight preflight;
    private final RestoreOpening opening;
    private final ArchiveIntoPgRestore archives;
    private final StagingArea staging;
    private final ArchiveKeyring keyring;
    private final RestoreJournal journal;
    private final RestoreOutcomes outcomes;
    private final D1Targets d1;
    private final D1PutBack putBack;

    public D1RestoreJob(RestorePreflight preflight, RestoreOpening opening, ArchiveIntoPgRestore archives, StagingArea staging,
                        EncryptionConfig encryption, RestoreJournal journal, RestoreOutcomes outcomes, D1Targets d1, D1PutBack putBack) {
        this.preflight = preflight;
        this.opening = opening;
        this.archives = archives;
        this.staging = staging;
        this.keyring = new ArchiveKeyring(encryption.keys());
        this.journal = journal;
        this.outcomes = outcomes;
        this.d1 = d1;
        this.putBack = putBack;
    }

    public void run(RestoreRequestRecord request, KnownDatabase known, Progress progress) {
        Instant started = Instant.now();
        outcomes.began(request, started);
        StepJournal steps = new StepJournal(journal, request.owner());
        try (StagedFolder work = staging.folder("d1-restore")) {
            execute(request, D1Location.of(known.databaseName, known.d1(), known.credentialRef), steps, progress, work.path(), started);
        } catch (RolledBack rolledBack) {
            outcomes.rolledBack(request, rolledBack.failure(), started);
        } catch (D1PutBack.ExportKept notPutBack) {
            outcomes.failed(request, notPutBack, started);
            return; // the live database was not put back: its export stays, named in the failure
        } catch (RestoreFailure failure) {
            outcomes.failed(request, failure, started);
        } catch (TakenOver takenOver) {
            throw takenOver; // a newer attempt owns the run (and the live database's export): this one records nothing more
        } catch (IOException | RuntimeException e) {
            outcomes.failed(request, new RestoreFailure(steps.current(), "INTERNAL", "unexpected " + e.getClass().getSimpleName()
                    + ": " + e.getMessage()), started);
        }
        putBack.forget(request.restoreId); // the outcome is recorded: its recovery will never need the export
    }

    private void execute(RestoreRequestRecord request, D1Location live, StepJournal steps, Progress progress, Path work, Instant started)
            throws RestoreFailure, RolledBack {
        RestorePreflight.Checked checked = steps.run(RestoreStep.RESOLVE_SOURCE, () -> preflight.check(request.databaseId, request.source(),
                request.target(), request.safetyBackup), found -> "backup " + found.manifest().backupId() + " (" + found.chosenBecause() + ")");
        RestorePlan plan = RestorePlan.of(RestoreTarget.Kind.valueOf(request.targetKind), request.targetDatabase, live.name(),
                request.safetyBackup);
        opening.open(request, checked.manifest().backupId(), checked.copyBecause(), plan, steps);
        if (!plan.takes(RestoreStep.LOCK)) {
            restore(new Run(request, checked, plan, steps, started, null), live, progress, work);
            return;
        }
        try (D1DatabaseLock lock = steps.run(RestoreStep.LOCK, () -> d1.lock(live, request.restoreId, request.attempt),
                held -> "holding the lock of " + request.databaseId + ": its backups and other restores wait")) {
            restore(new Run(request, checked, plan, steps, started, lock), live, progress, work);
        }
    }

    /** One restore's own: its request, what RESOLVE_SOURCE found, its plan and steps, when it began, the lock it holds (or null). */
    private record Run(RestoreRequestRecord request, RestorePreflight.Checked checked, RestorePlan plan, StepJournal steps,
                       Instant started, D1DatabaseLock lock) {

        BackupManifest manifest() {
            return checked.manifest();
        }
    }

    private void restore(Run run, D1Location live, Progress progress, Path work) throws RestoreFailure, RolledBack {
        BackupManifest manifest = run.manifest();
        D1Restore restore = new D1Restore(d1.commands(), work, run.lock());
        Prepared prepared = run.steps().run(RestoreStep.PREPARE_TARGET, () -> {
            ArchiveOrCopy.FromBucket<StagedArchive> read = ArchiveOrCopy.read(run.request().restoreId, manifest.backupId(),
                    run.checked().from(), bucket -> archives.stage(bucket, manifest, key(manifest), progress, RestoreStep.PREPARE_TARGET),
                    (copy, because) -> journal.update(run.request().owner(), row -> row.readFromCopy = because));
            StagedArchive staged = read.value();
            String copyBecause = read.copyBecause() != null ? read.copyBecause() : run.checked().copyBecause();
            try {
                if (run.plan().intoLive()) {
                    return new Prepared(staged, live, putBack.exportLive(run.request().owner(), live, work), copyBecause);
                }
                D1Location made = wrangling(RestoreStep.PREPARE_TARGET, () -> restore.createBeside(live, run.plan().targetDatabase()));
                putBack.made(run.request().owner(), made);
                return new Prepared(staged, made, null, copyBecause);
            } catch (RestoreFailure | RuntimeException e) {
                staged.close();
                throw e;
            }
        }, made -> "backup staged through its checksum; " + (run.plan().intoLive()
                ? "the live database exported as it is now, to put back on failure" : made.target() + " made"));
        try (StagedArchive staged = prepared.staged()) {
            load(run, restore, new BackupExport(staged.file()), prepared);
        }
    }

    /**
     * What PREPARE_TARGET made: the staged archive (removed when closed), the database it is loaded into, (into a live one)
     * that database's export, kept to put back, and why the archive came from the second bucket's copy (null: the primary's).
     */
    private record Prepared(StagedArchive staged, D1Location target, D1PutBack.Kept before, String copyBecause) {
    }

    private void load(Run run, D1Restore restore, BackupExport export, Prepared prepared) throws RestoreFailure, RolledBack {
        D1PutBack.Kept before = prepared.before();
        D1Location target = prepared.target();
        Set<String> tables = run.checked().tables();
        Map<String, Long> expected = expectedRows(run.manifest(), tables, before == null ? Map.of() : before.rows());
        List<ValidationResult> results;
        try {
            run.steps().run(RestoreStep.LOAD, () -> wrangling(RestoreStep.LOAD, () -> {
                switch (run.plan().route()) {
                    case INTO_NEW_DATABASE -> restore.load(target, export);
                    case IN_PLACE_SWAP -> restore.replaceAll(target, export);
                    case TABLES_INTO_LIVE -> restore.replaceRows(target, export, tables);
                }
                return target.name();
            }), name -> "the backup's " + (tables == null ? "export" : "rows of " + tables) + " loaded into " + name);
            results = run.steps().run(RestoreStep.VALIDATION, () -> wrangling(RestoreStep.VALIDATION, () -> new D1Checks(new D1Queries(d1.commands()))
                    .check(target, expected, tables == null ? export.schema() : null)), D1RestoreJob::describe);
            if (!D1Checks.passed(results)) {
                throw new RestoreFailure(RestoreStep.VALIDATION, "VALIDATION_FAILED", describe(results));
            }
        } catch (RestoreFailure failure) {
            if (failure.code().equals(D1Targets.LOCK_LOST)) { // the load checks the lock before each batch (D1Restore)
                RestoreFailure lost = new RestoreFailure(failure.step(), failure.code(), failure.getMessage() + ": without the lock"
                        + " nothing more is written, not even to put it back; check it, and restore again", failure);
                boolean loadedSome = failure.getCause() instanceof D1DatabaseLock.NotHeld notHeld && notHeld.changed();
                throw loadedSome ? D1PutBack.keeping(lost, before) : lost; // nothing loaded: the database is as its export
            }
            undo(run, restore, target, before, failure);
            throw failure;
        }
        if (!run.plan().intoLive()) {
            putBack.keepMade(run.request().owner());
        }
        long rows = run.manifest().tableRowCounts().entrySet().stream()
                .filter(entry -> tables == null || tables.contains(entry.getKey())).mapToLong(Map.Entry::getValue).sum();
        outcomes.completed(run.request(), run.manifest().backupId(), target.name(), rows, results, null, prepared.copyBecause(),
                run.started());
    }

    /** A live database gets its export back (and the restore is rolled back); a new one is removed. */
    private void undo(Run run, D1Restore restore, D1Location target, D1PutBack.Kept before, RestoreFailure failure)
            throws RestoreFailure, RolledBack {
        if (run.plan().intoLive()) {
            try {
                throw RolledBack.after(failure, target.name(), () -> run.steps().run(RestoreStep.ROLLBACK,
                        () -> wrangling(RestoreStep.ROLLBACK, () -> {
                            restore.replaceAll(target, before.export());
                            return target.name();
                        }), name -> name + " is as it was before the restore"));
            } catch (RestoreFailure notPutBack) {
                throw D1PutBack.keeping(notPutBack, before);
            }
        }
        run.steps().run(RestoreStep.CLEANUP, () -> wrangling(RestoreStep.CLEANUP, () -> {
            restore.remove(target);
            return target.name();
        }), name -> name + " removed");
    }

    private ArchiveEncryption key(BackupManifest manifest) {
        try {
            return manifest.encrypted() ? keyring.byId(manifest.encryption().keyId()) : null;
        } catch (SecretUnavailableException e) {
            return null; // the reader then says which key it lacks
        }
    }

    /**
     * The rows the restored database must hold: the backup's; for TABLES the backup's rows of those tables and every other
     * table's rows as they were before (a cascade or a trigger that changed them fails the restore, which puts them back).
     */
    static Map<String, Long> expectedRows(BackupManifest manifest, java.util.Set<String> tables, Map<String, Long> rowsBefore) {
        if (tables == null) {
            return manifest.tableRowCounts();
        }
        Map<String, Long> expected = new TreeMap<>(rowsBefore);
        tables.forEach(table -> expected.put(table, manifest.tableRowCounts().get(table)));
        return expected;
    }

    interface Wrangling<T> {
        T run() throws WranglerFailure, IOException, D1DatabaseLock.NotHeld;
    }

    /** A D1 step's work, its failures as that step's: wrangler's reason, the local disk's, a lost lock's. */
    static <T> T wrangling(RestoreStep step, Wrangling<T> work) throws RestoreFailure {
        try {
            return work.run();
        } catch (WranglerFailure e) {
            String code = e.reason() == WranglerFailure.Reason.TARGET_EXISTS ? "TARGET_EXISTS" : "D1_" + e.reason();
            throw new RestoreFailure(step, code, e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreFailure(step, "LOCAL_DISK", e.getMessage(), e);
        } catch (D1DatabaseLock.NotHeld e) {
            throw D1Targets.failure(step, e);
        } catch (RuntimeException e) { // an answer not as expected: still a failed step, so a live database is put back
            throw new RestoreFailure(step, "INTERNAL", "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(List<ValidationResult> results) {
        return results.stream().map(result -> result.check() + (result.passed() ? " ok: " : " FAILED: ") + result.details())
                .collect(Collectors.joining("; "));
    }
}
