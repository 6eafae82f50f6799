package dev.lifeboat.restore.job;

import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.restore.run.StepJournal;
import dev.lifeboat.restore.source.SafetyBackups;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * How every engine's restore begins, once its source is resolved: {@code RestoreStarted} (with the backup and the plan)
 * before anything changes, then SAFETY_BACKUP when the plan takes one, awaited.
 */
@ApplicationScoped
public class RestoreOpening {

    private final RestoreConfig config;
    private final SafetyBackups safetyBackups;
    private final RestoreJournal journal;
    private final RestoreEvents events;

    public RestoreOpening(RestoreConfig config, SafetyBackups safetyBackups, RestoreJournal journal, RestoreEvents events) {
        this.config = config;
        this.safetyBackups = safetyBackups;
        this.journal = journal;
        this.events = events;
    }

    /** @param readFromCopy why the source is read from the second bucket's copy; null when from the primary */
    void open(RestoreRequestRecord request, String backupId, String readFromCopy, RestorePlan plan, StepJournal steps) throws RestoreFailure {
        events.record(request.owner(), row -> {
            row.resolvedBackupId = backupId;
            row.readFromCopy = readFromCopy;
            row.safetyBackup = plan.safetyBackup();
        }, request.correlationId, new RestoreStarted(request.restoreId, request.databaseId, backupId,
                RestoreTarget.Kind.valueOf(request.targetKind), plan.targetDatabase(), Instant.now()));
        if (plan.takes(RestoreStep.SAFETY_BACKUP)) {
            String safetyBackupId = steps.run(RestoreStep.SAFETY_BACKUP, () -> safetyBackups.takeAndAwait(request.restoreId,
                            request.databaseId, request.requestedBy, config.safetyBackupTimeout(), journal.waitCheck(request.owner())),
                    safety -> "safety backup " + safety + " of the live database completed (trigger PRE_RESTORE)");
            journal.update(request.owner(), row -> row.safetyBackupId = safetyBackupId);
        }
    }
}
