package dev.lifeboat.notifier.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.capture.CaptureStopped;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.lifeboat.notifier.message.SampleEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class EventMessagesTest {

    private static final String DB = "orders-db";

    private static Message of(CloudEvent<?> event) {
        return EventMessages.of(event, Severity.of(event));
    }

    @Test
    void aFailedBackupSaysFailedInCapitalsAndItsMessageIsTheError() throws Exception {
        CloudEvent<BackupFailed> event = event(new BackupFailed("r-1", null, DB, BackupTrigger.SCHEDULE, "CONNECTION_FAILED",
                "pg_dump: connection refused", 2, true));

        Message message = of(event);

        assertThat(message.title()).isEqualTo("Backup FAILED: orders-db");
        assertThat(message.severity()).isEqualTo(Severity.ERROR);
        assertThat(message.databaseId()).isEqualTo(DB);
        assertThat(message.eventType()).isEqualTo("dev.lifeboat.backup.failed.v1");
        assertThat(message.eventId()).isEqualTo(SampleEvents.EVENT_ID);
        assertThat(message.correlationId()).isEqualTo(SampleEvents.CORRELATION_ID);
        assertThat(message.occurredAt()).isEqualTo(SampleEvents.TIME);
        assertThat(message.error()).isEqualTo("pg_dump: connection refused");
        assertThat(message.fields()).containsExactly(
                entry("Database", DB),
                entry("Request id", "r-1"),
                entry("Trigger", "SCHEDULE"),
                entry("Error code", "CONNECTION_FAILED"),
                entry("Attempt", "2"),
                entry("Retryable", "true"));
    }

    @Test
    void theMessageKeepsTheEventAsStructuredCloudEventsJson() throws Exception {
        Message message = of(event(new BackupFailed("r-1", null, DB, BackupTrigger.SCHEDULE, "CONNECTION_FAILED", "refused", 1, false)));

        JsonNode cloudEvent = new ObjectMapper().readTree(message.cloudEvent());
        assertThat(cloudEvent.path("specversion").asText()).isEqualTo("1.0");
        assertThat(cloudEvent.path("id").asText()).isEqualTo(SampleEvents.EVENT_ID);
        assertThat(cloudEvent.path("type").asText()).isEqualTo("dev.lifeboat.backup.failed.v1");
        assertThat(cloudEvent.path("subject").asText()).isEqualTo(DB);
        assertThat(cloudEvent.path("correlationid").asText()).isEqualTo(SampleEvents.CORRELATION_ID);
        assertThat(cloudEvent.path("data").path("errorCode").asText()).isEqualTo("CONNECTION_FAILED");
        assertThat(cloudEvent.path("data").path("message").asText()).isEqualTo("refused");
    }

    @Test
    void aCompletedBackupListsItsFieldsInRecordOrderReadableAndWithoutNullsOrCollections() {
        Instant started = Instant.parse("2024-05-01T10:00:00Z");
        Instant completed = Instant.parse("2024-05-01T10:00:02Z");
        BackupCompleted completedBackup = new BackupCompleted("r-1", "b-1", DB, BackupTrigger.SCHEDULE, "orders-db/b-1.dump.zst",
                "orders-db/b-1/manifest.json", 12L * 1024 * 1024, "ab12cd", Compression.ZSTD, true, null, 1_500,
                Map.of("public.orders", 42L), "16.2", started, completed);

        Message message = of(event(completedBackup));

        assertThat(message.title()).isEqualTo("Backup completed: orders-db");
        assertThat(message.severity()).isEqualTo(Severity.SUCCESS);
        assertThat(message.error()).isNull();
        assertThat(message.fields()).containsExactly(
                entry("Database", DB),
                entry("Request id", "r-1"),
                entry("Backup id", "b-1"),
                entry("Trigger", "SCHEDULE"),
                entry("Object key", "orders-db/b-1.dump.zst"),
                entry("Manifest key", "orders-db/b-1/manifest.json"),
                entry("Size", "12.0 MiB"),
                entry("Sha256", "ab12cd"),
                entry("Compression", "ZSTD"),
                entry("Encrypted", "true"),
                entry("Duration", "1.5 s"),
                entry("Server version", "16.2"),
                entry("Started at", "2024-05-01T10:00:00Z"),
                entry("Completed at", "2024-05-01T10:00:02Z"));
    }

    @Test
    void aVerificationNamesItsCheckInTheTitleAndItsDetailsAreTheError() {
        Message failed = of(event(new VerificationFailed("v-1", DB, "b-7", VerificationCheck.CHECKSUM, "sha256 of b-7 differs")));
        Message passed = of(event(new VerificationPassed("v-2", DB, null, VerificationCheck.FRESHNESS, "newest backup 2 h old")));

        assertThat(failed.title()).isEqualTo("Verification FAILED (CHECKSUM): orders-db");
        assertThat(failed.error()).isEqualTo("sha256 of b-7 differs");
        assertThat(failed.fields()).containsExactly(entry("Database", DB), entry("Verification id", "v-1"), entry("Backup id", "b-7"),
                entry("Check", "CHECKSUM"));
        assertThat(passed.title()).isEqualTo("Verification passed (FRESHNESS): orders-db");
        assertThat(passed.severity()).isEqualTo(Severity.SUCCESS);
        assertThat(passed.fields()).containsExactly(entry("Database", DB), entry("Verification id", "v-2"), entry("Check", "FRESHNESS"));
    }

    @Test
    void aRestoreTestPassesOrFailsWithItsRtoAndRpoReadable() {
        Message failed = of(event(new RestoreTestCompleted("t-1", DB, "b-1", "reports/t-1.md", 125_000, 7_260, false, null)));
        Message passed = of(event(new RestoreTestCompleted("t-2", DB, "b-1", "reports/t-2.md", 800, 59, true, null)));

        assertThat(failed.title()).isEqualTo("Restore test FAILED: orders-db");
        assertThat(failed.severity()).isEqualTo(Severity.ERROR);
        assertThat(failed.error()).isNull();
        assertThat(failed.fields()).containsExactly(
                entry("Database", DB),
                entry("Test id", "t-1"),
                entry("Backup id", "b-1"),
                entry("Report key", "reports/t-1.md"),
                entry("Restore duration", "2 min 5 s"),
                entry("Backup age", "2 h 1 min"),
                entry("Passed", "false"));
        assertThat(passed.title()).isEqualTo("Restore test passed: orders-db");
        assertThat(passed.fields()).contains(entry("Restore duration", "800 ms"), entry("Backup age", "59.0 s"));
    }

    @Test
    void rollbacksStoppedCapturesAndRetainedWalHaveTheirOwnWords() {
        Message rolledBack = of(event(new RestoreRolledBack("rs-1", DB, "VALIDATION", "row counts differ after the swap")));
        Message stopped = of(event(new CaptureStopped(DB, "CONNECTION_FAILED", "the slot's server is unreachable", null)));
        Message retaining = of(event(new CaptureRetainingWal(DB, 3L * 1024 * 1024 * 1024, 1024L * 1024 * 1024, false)));

        assertThat(rolledBack.title()).isEqualTo("Restore ROLLED BACK: orders-db");
        assertThat(rolledBack.error()).isEqualTo("row counts differ after the swap");
        assertThat(rolledBack.fields()).containsExactly(entry("Database", DB), entry("Restore id", "rs-1"), entry("Step", "VALIDATION"));

        assertThat(stopped.title()).isEqualTo("Capture STOPPED: orders-db");
        assertThat(stopped.error()).isEqualTo("the slot's server is unreachable");
        assertThat(stopped.fields()).containsExactly(entry("Database", DB), entry("Error code", "CONNECTION_FAILED"));

        assertThat(retaining.title()).isEqualTo("Capture keeps too much WAL: orders-db");
        assertThat(retaining.severity()).isEqualTo(Severity.WARNING);
        assertThat(retaining.fields()).containsExactly(entry("Database", DB), entry("Retained wal", "3.0 GiB"), entry("Limit", "1.0 GiB"),
                entry("Capture stopped", "false"));
    }

    @Test
    void otherEventsSayTheirVerbInLowerCase() {
        assertThat(of(event(new RestoreStarted("rs-1", DB, "b-1", RestoreTarget.Kind.IN_PLACE, DB, Instant.parse("2024-05-01T10:00:00Z"))))
                .title()).isEqualTo("Restore started: orders-db");
        assertThat(of(event(new BackupDeleted("b-1", DB, "orders-db/b-1.dump", "alice", true))).title())
                .isEqualTo("Backup deleted: orders-db");
        Message notification = of(event(new NotificationFailed("d-1", DB, "evt-0", "dev.lifeboat.backup.failed.v1", "slack", 8, "HTTP 500")));
        assertThat(notification.title()).isEqualTo("Notification FAILED: orders-db");
        assertThat(notification.error()).isEqualTo("HTTP 500");
        assertThat(notification.fields()).containsExactly(entry("Database", DB), entry("Delivery id", "d-1"), entry("Event id", "evt-0"),
                entry("Event type", "dev.lifeboat.backup.failed.v1"), entry("Channel", "slack"), entry("Attempts", "8"));
    }

    @Test
    void labelsDropTheUnitSuffixAndSpellTheCamelCaseAsWords() {
        assertThat(EventMessages.label("restoreDurationMs")).isEqualTo("Restore duration");
        assertThat(EventMessages.label("sizeBytes")).isEqualTo("Size");
        assertThat(EventMessages.label("backupAgeSeconds")).isEqualTo("Backup age");
        assertThat(EventMessages.label("errorCode")).isEqualTo("Error code");
        assertThat(EventMessages.label("lastArchivedCommit")).isEqualTo("Last archived commit");
        assertThat(EventMessages.label("sha256")).isEqualTo("Sha256");
        assertThat(EventMessages.label("attempt")).isEqualTo("Attempt");
    }

    @Test
    void onlyNumbersWithAUnitSuffixAreFormatted() {
        assertThat(EventMessages.readable("sizeBytes", LongNode.valueOf(1536))).isEqualTo("1.5 KiB");
        assertThat(EventMessages.readable("durationMs", IntNode.valueOf(1500))).isEqualTo("1.5 s");
        assertThat(EventMessages.readable("backupAgeSeconds", LongNode.valueOf(7200))).isEqualTo("2 h 0 min");
        assertThat(EventMessages.readable("attempt", IntNode.valueOf(3))).isEqualTo("3");
        assertThat(EventMessages.readable("sizeBytes", TextNode.valueOf("big"))).isEqualTo("big");
        assertThat(EventMessages.readable("encrypted", BooleanNode.TRUE)).isEqualTo("true");
    }

    @Test
    void bytesAreShownInBinaryUnitsWithOneDecimalUpToTebibytes() {
        assertThat(EventMessages.bytes(0)).isEqualTo("0 B");
        assertThat(EventMessages.bytes(1023)).isEqualTo("1023 B");
        assertThat(EventMessages.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(EventMessages.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(EventMessages.bytes(1024 * 1024 - 1)).as("rounded, but still in KiB").isEqualTo("1024.0 KiB");
        assertThat(EventMessages.bytes(12L * 1024 * 1024)).isEqualTo("12.0 MiB");
        assertThat(EventMessages.bytes(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
        assertThat(EventMessages.bytes(5L * 1024 * 1024 * 1024 * 1024 * 1024)).as("no unit above TiB").isEqualTo("5120.0 TiB");
    }

    @Test
    void durationsAreMillisecondsSecondsMinutesOrHoursByTheirSize() {
        assertThat(EventMessages.duration(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(EventMessages.duration(Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(EventMessages.duration(Duration.ofMillis(1000))).isEqualTo("1.0 s");
        assertThat(EventMessages.duration(Duration.ofMillis(2500))).isEqualTo("2.5 s");
        assertThat(EventMessages.duration(Duration.ofSeconds(95))).isEqualTo("95.0 s");
        assertThat(EventMessages.duration(Duration.ofSeconds(120))).isEqualTo("2 min 0 s");
        assertThat(EventMessages.duration(Duration.ofSeconds(7199))).isEqualTo("119 min 59 s");
        assertThat(EventMessages.duration(Duration.ofSeconds(7200))).isEqualTo("2 h 0 min");
        assertThat(EventMessages.duration(Duration.ofHours(27).plusMinutes(5).plusSeconds(30))).isEqualTo("27 h 5 min");
    }
}
