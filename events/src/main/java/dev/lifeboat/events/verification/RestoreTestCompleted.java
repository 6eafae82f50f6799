package dev.lifeboat.events.verification;

import dev.lifeboat.events.data.EventData;

/**
 * A scheduled or requested restore test finished.
 *
 * @param reportKey          bucket key of the Markdown report (a JSON twin sits beside it)
 * @param restoreDurationMs  measured restore time (RTO)
 * @param backupAgeSeconds   age of the restored backup at test time (RPO)
 */
public record RestoreTestCompleted(String testId, String databaseId, String backupId, String reportKey,
                                   long restoreDurationMs, long backupAgeSeconds, boolean passed) implements EventData {
}
