package dev.lifeboat.events.verification;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.data.OptionalField;
import dev.lifeboat.events.restore.RestoreCompleted;

/**
 * A scheduled or requested restore test finished.
 *
 * @param reportKey          bucket key of the Markdown report (a JSON twin sits beside it)
 * @param restoreDurationMs  measured restore time (RTO)
 * @param backupAgeSeconds   age of the restored backup at test time (RPO)
 * @param pointReached       a database captured for point-in-time restore is tested at a random second of its window:
 *                           the backup, then its change archive replayed to that second (absent otherwise); the restore
 *                           time includes the replay
 */
public record RestoreTestCompleted(String testId, String databaseId, String backupId, String reportKey,
                                   long restoreDurationMs, long backupAgeSeconds, boolean passed,
                                   @OptionalField RestoreCompleted.PointReached pointReached) implements EventData {
}
