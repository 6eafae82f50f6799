package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.CompletedRestore;
import dev.lifeboat.restore.run.ResolvedSource;
import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.restore.run.RestoreRun;
import dev.lifeboat.restore.run.RolledBack;
import dev.lifeboat.restore.run.StepJournal;
import dev.lifeboat.restore.run.TargetRestore;

import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.TakenOver;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.HeldLock;
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
 * <li>{@link RestoreOpening}: {@code RestoreStarted}, and SAFETY_BACKUP when asked for; into the live database only: LOCK,
 *     held to the end;</li>
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
    private final RestoreOpening opening;
    private final RestoreJournal journal;
    private final RestoreOutcomes outcomes;
    private final IntoNewDatabase intoNewDatabase;
    private final InPlaceSwap inPlaceSwap;
    private final TablesIntoLive tablesIntoLive;
    private final KnownDatabases registry;
    private final D1RestoreJob d1;

    public RestoreJob(RestoreConfig config, SourceResolution sources, RestoreOpening opening, RestoreJournal journal,
                      RestoreOutcomes outcomes, IntoNewDatabase intoNewDatabase, InPlaceSwap inPlaceSwap,
                      TablesIntoLive tablesIntoLive, KnownDatabases registry, D1RestoreJob d1) {
        this.config = config;
        this.registry = registry;
        this.d1 = d1;
        this.sources = sources;
        this.opening = opening;
        this.journal = journal;
        this.outcomes = outcomes;
        this.intoNewDatabase = intoNewDatabase;
        this.inPlaceSwap = inPlaceSwap;
        this.tablesIntoLive = tablesIntoLive;
    }

    /** @param progress counts the archive's stored bytes as PG_RESTORE reads them, for the heartbeat to record */
    public void run(RestoreRequestRecord request, Progress progress) {
        Optional<KnownDatabase> d1Database = registry.d1(request.databaseId);
        if (d1Database.isPresent()) { // the engine is chosen here, from the registration: D1's restores are its own steps
            d1.run(request, d1Database.get(), progress);
            return;
        }
        Instant started = Instant.now();
        outcomes.began(request, started);
        StepJournal steps = new StepJournal(journal, request.owner());
        RestoreRun run = new RestoreRun(request, steps, progress);
        try {
            CompletedRestore done = execute(run, steps);
            outcomes.completed(request, done.backupId(), done.targetDatabase(), done.validation().rowsRestored(),
                    done.validation().results(), run.pointReached(), run.copyBecause(), started);
        } catch (RolledBack rolledBack) {
            outcomes.rolledBack(request, rolledBack.failure(), started);
        } catch (RestoreFailure failure) {
            outcomes.failed(request, failure, started);
        } catch (TakenOver takenOver) {
            throw takenOver; // a newer attempt owns the run: this one records nothing more
        } catch (RuntimeException e) {
            LOG.errorf(e, "Restore %s failed unexpectedly", request.restoreId);
            outcomes.failed(request, new RestoreFailure(run.currentStep(), "INTERNAL", "unexpected " + e.getClass().getSimpleName()
                    + ": " + e.getMessage()), started);
        }
    }

    /** The steps of a restore. */
    private CompletedRestore execute(RestoreRun run, StepJournal steps) throws RestoreFailure, RolledBack {
        RestoreRequestRecord request = run.request();
        run.resolvedTo(run.step(RestoreStep.RESOLVE_SOURCE, () -> sources.resolve(request), ResolvedSource::describe));
        RestorePlan plan = run.plan();
        opening.open(request, run.manifest().backupId(), run.copyBecause(), plan, steps);
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
