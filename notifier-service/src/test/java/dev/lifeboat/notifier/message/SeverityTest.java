package dev.lifeboat.notifier.message;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.capture.CaptureResumed;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.capture.CaptureStopped;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.lifeboat.notifier.message.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

class SeverityTest {

    private static final String DB = "orders-db";
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void failuresRollbacksAndAStoppedCaptureAreErrors() {
        assertThat(Severity.of(event(new BackupFailed("r-1", null, DB, BackupTrigger.SCHEDULE, "CONNECTION_FAILED", "refused", 1, true))))
                .isEqualTo(Severity.ERROR);
        assertThat(Severity.of(event(new RestoreFailed("rs-1", DB, "PG_RESTORE", "RESTORE_FAILED", "pg_restore exited 1"))))
                .isEqualTo(Severity.ERROR);
        assertThat(Severity.of(event(new RestoreRolledBack("rs-1", DB, "VALIDATION", "row counts differ")))).isEqualTo(Severity.ERROR);
        assertThat(Severity.of(event(new VerificationFailed("v-1", DB, "b-1", VerificationCheck.CHECKSUM, "sha256 differs"))))
                .isEqualTo(Severity.ERROR);
        assertThat(Severity.of(event(new NotificationFailed("d-1", DB, "evt-0", "dev.lifeboat.backup.failed.v1", "slack", 8, "HTTP 500"))))
                .isEqualTo(Severity.ERROR);
        assertThat(Severity.of(event(new CaptureStopped(DB, "CONNECTION_FAILED", "slot unreachable", null)))).isEqualTo(Severity.ERROR);
    }

    @Test
    void aRestoreTestIsASuccessWhenItPassedAndAnErrorWhenItDidNot() {
        assertThat(Severity.of(event(new RestoreTestCompleted("t-1", DB, "b-1", "reports/t-1.md", 60_000, 3_600, true, null))))
                .isEqualTo(Severity.SUCCESS);
        assertThat(Severity.of(event(new RestoreTestCompleted("t-2", DB, "b-1", "reports/t-2.md", 60_000, 3_600, false, null))))
                .isEqualTo(Severity.ERROR);
    }

    @Test
    void aStartedRestoreADeletedBackupAndTooMuchRetainedWalAreWarnings() {
        assertThat(Severity.of(event(new RestoreStarted("rs-1", DB, "b-1", RestoreTarget.Kind.IN_PLACE, DB, AT)))).isEqualTo(Severity.WARNING);
        assertThat(Severity.of(event(new BackupDeleted("b-1", DB, "orders-db/b-1.dump", "alice", false)))).isEqualTo(Severity.WARNING);
        assertThat(Severity.of(event(new CaptureRetainingWal(DB, 3L << 30, 1L << 30, false)))).isEqualTo(Severity.WARNING);
    }

    @Test
    void completionsPassesSentNotificationsAndAResumedCaptureAreSuccesses() {
        assertThat(Severity.of(event(new BackupCompleted("r-1", "b-1", DB, BackupTrigger.MANUAL, "k", "m", 10, "ab", Compression.GZIP,
                false, null, 1_000, Map.of(), "16.2", AT, AT)))).isEqualTo(Severity.SUCCESS);
        assertThat(Severity.of(event(new RestoreCompleted("rs-1", DB, "b-1", RestoreTarget.Kind.NEW_DATABASE, "orders-copy", 5_000, 42,
                List.of(), null)))).isEqualTo(Severity.SUCCESS);
        assertThat(Severity.of(event(new VerificationPassed("v-1", DB, null, VerificationCheck.FRESHNESS, "fresh")))).isEqualTo(Severity.SUCCESS);
        assertThat(Severity.of(event(new NotificationSent("d-1", DB, "evt-0", "dev.lifeboat.backup.failed.v1", "slack", 1))))
                .isEqualTo(Severity.SUCCESS);
        assertThat(Severity.of(event(new CaptureResumed(DB, AT, null)))).isEqualTo(Severity.SUCCESS);
    }

    @Test
    void requestsStartedBackupsAndExpiriesAreInfo() {
        assertThat(Severity.of(event(new BackupRequested("r-1", DB, BackupTrigger.EXTERNAL, "ci", null)))).isEqualTo(Severity.INFO);
        assertThat(Severity.of(event(new BackupStarted("r-1", "b-1", DB, BackupTrigger.SCHEDULE, 1, AT)))).isEqualTo(Severity.INFO);
        assertThat(Severity.of(event(new BackupExpired("b-1", DB, "orders-db/b-1.dump", "max-age 30d", AT)))).isEqualTo(Severity.INFO);
    }
}
