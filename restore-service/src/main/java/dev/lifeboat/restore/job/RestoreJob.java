package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.CompletedRestore;
import dev.lifeboat.restore.run.ResolvedSource;
import dev.lifeboat.restore.run.RestorePlan;
import dev.lifeboat.restore.run.RestoreRun;
import dev.lifeboat.restore.run.RolledBack;
import dev.lifeboat.restore.run.StepJournal;
import dev.lifeboat.restore.run.TargetRestore;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.source.SafetyBackups;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.HeldLock;
import dev.lifeboat.events.registry.Engine;
import dev.lifeboat.restore.registry.KnownDatabase;
import dev.lifeboat.restore.registry.KnownDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * One restore, step by step (blocking: runs on the worker's thread). Nothing live changes before the
 * archive has streamed through its checksum and the restored copy has passed validation:
 * <ol>
 * <li>RESOLVE_SOURCE ({@link SourceResolution}): the backup, its key, and the {@link RestorePlan};</li>
 * <li>into the live database only: SAFETY_BACKUP (when asked for), then LOCK, held to the end;</li>
 * <li>the target's own steps, one {@link TargetRestore} per route: {@link IntoNewDatabase}, {@link InPlaceSwap},
 *     {@link TablesIntoLive}.</li>
 * </ol>
 * It ends with exactly one of {@code RestoreCompleted}, {@code RestoreFailed} or {@code RestoreRolledBack}.
 */
@ApplicationScoped
public class RestoreJob {

    private static final Logger LOG = Logger.getLogger(RestoreJob.class);

    private final RestoreConfig config;
    private final SourceResolution sources;
    private final SafetyBackups safetyBackups;
    private final RestoreJournal journal;
    private final RestoreEvents events;
    private final RestoreOutcomes outcomes;
    private final IntoNewDatabase intoNewDatabase;
    private final InPlaceSwap inPlaceSwap;
    private final TablesIntoLive tablesIntoLive;
    private final KnownDatabases registry;
    private final D1RestoreJob d1;

    public RestoreJob(RestoreConfig config, SourceResolution sources, SafetyBackups safetyBackups, RestoreJournal journal,
                      RestoreEvents events, RestoreOutcomes outcomes, IntoNewDatabase intoNewDatabase, InPlaceSwap inPlaceSwap,
                      TablesIntoLive tablesIntoLive, KnownDatabases registry, D1RestoreJob d1) {
        this.config = config;
        this.registry = registry;
        this.d1 = d1;
        this.sources = sources;
        this.safetyBackups = safetyBackups;
        this.journal = journal;
        this.events = events;
        this.outcomes = outcomes;
        this.intoNewDatabase = intoNewDatabase;
        this.inPlaceSwap = inPlaceSwap;
        this.tablesIntoLive = tablesIntoLive;
    }

    /** @param progress counts the archive's stored bytes as PG_RESTORE reads them, for the heartbeat to record */
    public void run(RestoreRequestRecord request, Progress progress) {
        Optional<KnownDatabase> d1Database = registry.find(request.databaseId).filter(known -> known.engine == Engine.D1);
        if (d1Database.isPresent()) { // the engine is chosen here, from the registration: D1's restores are its own steps
            d1.run(request, d1Database.get(), progress);
            return;
        }
        Instant started = Instant.now();
        outcomes.began(request, started);
        RestoreRun run = new RestoreRun(request, new StepJournal(journal, request.restoreId), progress);
        try {
            CompletedRestore done = execute(run);
            outcomes.completed(request, done.backupId(), done.targetDatabase(), done.validation().rowsRestored(),
                    done.validation().results(), run.pointReached(), started);
        } catch (RolledBack rolledBack) {
            outcomes.rolledBack(request, rolledBack.failure(), started);
        } catch (RestoreFailure failure) {
            outcomes.failed(request, failure, started);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Restore %s failed unexpectedly", request.restoreId);
            outcomes.failed(request, new RestoreFailure(run.currentStep(), "INTERNAL", "unexpected " + e.getClass().getSimpleName()
                    + ": " + e.getMessage()), started);
        }
    }

    /** The steps of a restore. */
    private CompletedRestore execute(RestoreRun run) throws RestoreFailure, RolledBack {
        RestoreRequestRecord request = run.request();
        run.resolvedTo(run.step(RestoreStep.RESOLVE_SOURCE, () -> sources.resolve(request), ResolvedSource::describe));
        RestorePlan plan = run.plan();
        events.record(request.restoreId, row -> {
            row.resolvedBackupId = run.manifest().backupId();
            row.safetyBackup = plan.safetyBackup();
        }, request.correlationId, new RestoreStarted(request.restoreId, request.databaseId, run.manifest().backupId(),
                RestoreTarget.Kind.valueOf(request.targetKind), plan.targetDatabase(), Instant.now()));
        if (plan.takes(RestoreStep.SAFETY_BACKUP)) {
            String safetyBackupId = run.step(RestoreStep.SAFETY_BACKUP, () -> safetyBackups.takeAndAwait(request.restoreId,
                    request.databaseId, request.requestedBy, config.safetyBackupTimeout()),
                    backupId -> "safety backup " + backupId + " of the live database completed (trigger PRE_RESTORE)");
            journal.update(request.restoreId, row -> row.safetyBackupId = safetyBackupId);
        }
        if (!plan.takes(RestoreStep.LOCK)) {
            return target(plan).restore(run);
        }
        try (HeldLock lock = run.step(RestoreStep.LOCK, () -> HeldLock.take(run.server(), config.lockWait()),
                held -> "holding the lock of " + run.server().databaseId() + ": its backups and other restores wait")) {
            return target(plan).restore(run.holding(lock));
        }
    }

    private TargetRestore target(RestorePlan plan) {
        return switch (plan.route()) {
            case INTO_NEW_DATABASE -> intoNewDatabase;
            case IN_PLACE_SWAP -> inPlaceSwap;
            case TABLES_INTO_LIVE -> tablesIntoLive;
        };
    }
}
