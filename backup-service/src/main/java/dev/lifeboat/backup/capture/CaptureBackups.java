package dev.lifeboat.backup.capture;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.backup.job.BackupWorker;
import dev.lifeboat.outbox.EventSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;

/**
 * The backups the capture asks for, recorded in the queue and the outbox at once like every request of this service.
 *
 * <p>A gap in the change archive (a schema change that cannot be replayed, a new table, a lost slot) lasts until the next
 * backup aligned to the stream: one is requested at once, {@code BackupRequested} with trigger {@code SCHEMA_CHANGE}
 * ({@code AFTER_RESTORE}, labelled with the {@code restoreId}, for a database restored in place), through the outbox
 * like every request. Its id is the gap's, so a gap found twice asks once.
 *
 * <p>Past the replay budget ({@link ReplayBudgetWatch}) one is requested with trigger {@code REPLAY_BUDGET}, its id
 * named by the aligned backup the changes are counted from (and the attempt, past the first), so one budget passed asks
 * once.
 */
@ApplicationScoped
public class CaptureBackups {

    public static final String REQUESTED_BY = "lifeboat-capture";

    private final EventSource events;

    private final BackupWorker worker;

    public CaptureBackups(EventSource events, BackupWorker worker) {
        this.worker = worker;
        this.events = events;
    }

    /** Blocking: the capture's thread. */
    public void afterGap(Gap gap) {
        boolean afterRestore = gap.restoreId() != null;
        String requestId = (afterRestore ? "after-restore-" : "schema-change-") + gap.databaseId() + "-"
                + gap.foundAtLsn().toString().replace('/', '-');
        Map<String, String> labels = new HashMap<>();
        labels.put("gap", gap.reason().length() > 200 ? gap.reason().substring(0, 200) : gap.reason());
        if (gap.table() != null) {
            labels.put("table", gap.table());
        }
        if (afterRestore) {
            labels.put("restoreId", gap.restoreId());
        }
        request(CloudEvent.of(events.source(), requestId, new BackupRequested(requestId, gap.databaseId(),
                afterRestore ? BackupTrigger.AFTER_RESTORE : BackupTrigger.SCHEMA_CHANGE, REQUESTED_BY, labels)));
    }

    /**
     * The changes since the aligned backup at {@code base} (null: none yet) would take {@code estimate} to replay, more
     * than the budget. Blocking: the capture's storing thread.
     */
    public void overBudget(String databaseId, Lsn base, int attempt, ReplayBudgetWatch.Estimate estimate) {
        String requestId = "replay-budget-" + databaseId + "-" + (base == null ? "none" : base.toString().replace('/', '-'))
                + (attempt > 1 ? "-" + attempt : "");
        Map<String, String> labels = new HashMap<>();
        labels.put("replayEstimate", estimate.replay().toString());
        labels.put("replayBudget", estimate.budget().toString());
        labels.put("rowChanges", String.valueOf(estimate.rowChanges()));
        labels.put("replayRate", Math.round(estimate.perSecond()) + "/s " + (estimate.measured() ? "measured" : "assumed"));
        request(CloudEvent.of(events.source(), requestId, new BackupRequested(requestId, databaseId,
                BackupTrigger.REPLAY_BUDGET, REQUESTED_BY, labels)));
    }

    private void request(CloudEvent<BackupRequested> event) {
        worker.takeOwn(event);
    }
}
