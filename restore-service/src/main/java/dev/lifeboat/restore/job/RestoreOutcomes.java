package dev.lifeboat.restore.job;


import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.metrics.RestoreMetrics;
import dev.lifeboat.restore.step.RestoreFailure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one way a restore ends, whether its job ran to the end or {@link InterruptedRestores} ended it: the record's
 * final status, the metrics, and exactly one final event ({@code RestoreCompleted}, {@code RestoreFailed} or
 * {@code RestoreRolledBack}).
 */
@ApplicationScoped
public class RestoreOutcomes {

    private static final Logger LOG = Logger.getLogger(RestoreOutcomes.class);

    private final RestoreEvents events;
    private final RestoreMetrics metrics;

    public RestoreOutcomes(RestoreEvents events, RestoreMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    /** A restore's job began on this replica: it counts as running until one of the endings below. */
    public void began(RestoreRequestRecord request, Instant started) {
        metrics.started(request.databaseId, request.restoreId, started);
    }

    /** @param readFromCopy why the archive was read from the second bucket's copy (the primary's failure); null when it was not */
    public void completed(RestoreRequestRecord request, String backupId, String targetDatabase, long rowsRestored,
                   List<ValidationResult> validations, RestoreCompleted.PointReached pointReached, String readFromCopy, Instant started) {
        Duration duration = Duration.between(started, Instant.now());
        events.record(request.owner(), row -> {
            row.status = "COMPLETED";
            row.finishedAt = Instant.now();
            row.rowsRestored = rowsRestored;
            row.validations = RestoreJournal.json(validations);
            row.pointReached = RestoreJournal.json(pointReached);
            row.readFromCopy = readFromCopy;
        }, request.correlationId, new RestoreCompleted(request.restoreId, request.databaseId, backupId,
                RestoreTarget.Kind.valueOf(request.targetKind), targetDatabase, duration.toMillis(), rowsRestored, validations,
                pointReached, readFromCopy));
        metrics.finished(request.databaseId, request.restoreId, request.targetKind, "COMPLETED", duration);
        LOG.infof("Restore %s of %s into %s completed in %d ms", request.restoreId, request.databaseId, targetDatabase, duration.toMillis());
    }

    public void failed(RestoreRequestRecord request, RestoreFailure failure, Instant started) {
        end(request, "FAILED", failure, started, new RestoreFailed(request.restoreId, request.databaseId, failure.step().name(),
                failure.code(), failure.getMessage()));
    }

    public void rolledBack(RestoreRequestRecord request, RestoreFailure failure, Instant started) {
        end(request, "ROLLED_BACK", failure, started, new RestoreRolledBack(request.restoreId, request.databaseId,
                failure.step().name(), failure.getMessage()));
    }

    private void end(RestoreRequestRecord request, String status, RestoreFailure failure, Instant started, EventData ending) {
        LOG.warnf("Restore %s of %s %s at %s (%s): %s", request.restoreId, request.databaseId, status, failure.step(), failure.code(), failure.getMessage());
        events.record(request.owner(), row -> {
            row.status = status;
            row.finishedAt = Instant.now();
            row.errorStep = failure.step().name();
            row.errorCode = failure.code();
            row.errorMessage = failure.getMessage();
        }, request.correlationId, ending);
        metrics.failed(request.databaseId, failure.step().name(), failure.code());
        metrics.finished(request.databaseId, request.restoreId, request.targetKind, status, Duration.between(started, Instant.now()));
    }
}
