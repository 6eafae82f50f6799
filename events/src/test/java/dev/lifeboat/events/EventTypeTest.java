package dev.lifeboat.events;

import dev.lifeboat.events.data.EventData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The v1 catalog: every event type's CloudEvents type, topic, message name and schema file, and the look-ups by name. */
class EventTypeTest {

    /** A record that implements the data interface but was never put in the catalog. */
    record Stray(String databaseId) implements EventData {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            BACKUP_REQUESTED       | dev.lifeboat.backup.requested.v1        | lifeboat.backup.requests       | BackupRequested      | backup-requested.v1.json
            BACKUP_STARTED         | dev.lifeboat.backup.started.v1          | lifeboat.backup.events         | BackupStarted        | backup-started.v1.json
            BACKUP_COMPLETED       | dev.lifeboat.backup.completed.v1        | lifeboat.backup.events         | BackupCompleted      | backup-completed.v1.json
            BACKUP_FAILED          | dev.lifeboat.backup.failed.v1           | lifeboat.backup.events         | BackupFailed         | backup-failed.v1.json
            BACKUP_EXPIRED         | dev.lifeboat.backup.expired.v1          | lifeboat.backup.events         | BackupExpired        | backup-expired.v1.json
            BACKUP_DELETED         | dev.lifeboat.backup.deleted.v1          | lifeboat.backup.events         | BackupDeleted        | backup-deleted.v1.json
            BACKUP_UNDELETED       | dev.lifeboat.backup.undeleted.v1        | lifeboat.backup.events         | BackupUndeleted      | backup-undeleted.v1.json
            BACKUP_PURGED          | dev.lifeboat.backup.purged.v1           | lifeboat.backup.events         | BackupPurged         | backup-purged.v1.json
            CAPTURE_STOPPED        | dev.lifeboat.capture.stopped.v1         | lifeboat.backup.events         | CaptureStopped       | capture-stopped.v1.json
            CAPTURE_RESUMED        | dev.lifeboat.capture.resumed.v1         | lifeboat.backup.events         | CaptureResumed       | capture-resumed.v1.json
            CAPTURE_RETAINING_WAL  | dev.lifeboat.capture.retaining-wal.v1   | lifeboat.backup.events         | CaptureRetainingWal  | capture-retaining-wal.v1.json
            RESTORE_REQUESTED      | dev.lifeboat.restore.requested.v1       | lifeboat.restore.requests      | RestoreRequested     | restore-requested.v1.json
            RESTORE_STARTED        | dev.lifeboat.restore.started.v1         | lifeboat.restore.events        | RestoreStarted       | restore-started.v1.json
            RESTORE_COMPLETED      | dev.lifeboat.restore.completed.v1       | lifeboat.restore.events        | RestoreCompleted     | restore-completed.v1.json
            RESTORE_FAILED         | dev.lifeboat.restore.failed.v1          | lifeboat.restore.events        | RestoreFailed        | restore-failed.v1.json
            RESTORE_ROLLED_BACK    | dev.lifeboat.restore.rolledback.v1      | lifeboat.restore.events        | RestoreRolledBack    | restore-rolled-back.v1.json
            VERIFICATION_PASSED    | dev.lifeboat.verification.passed.v1     | lifeboat.verification.events   | VerificationPassed   | verification-passed.v1.json
            VERIFICATION_FAILED    | dev.lifeboat.verification.failed.v1     | lifeboat.verification.events   | VerificationFailed   | verification-failed.v1.json
            RESTORE_TEST_COMPLETED | dev.lifeboat.restoretest.completed.v1   | lifeboat.verification.events   | RestoreTestCompleted | restore-test-completed.v1.json
            NOTIFICATION_SENT      | dev.lifeboat.notification.sent.v1       | lifeboat.notification.events   | NotificationSent     | notification-sent.v1.json
            NOTIFICATION_FAILED    | dev.lifeboat.notification.failed.v1     | lifeboat.notification.events   | NotificationFailed   | notification-failed.v1.json
            DATABASE_REGISTERED    | dev.lifeboat.database.registered.v1     | lifeboat.databases             | DatabaseRegistered   | database-registered.v1.json
            DATABASE_UPDATED       | dev.lifeboat.database.updated.v1        | lifeboat.databases             | DatabaseUpdated      | database-updated.v1.json
            DATABASE_REMOVED       | dev.lifeboat.database.removed.v1        | lifeboat.databases             | DatabaseRemoved      | database-removed.v1.json
            API_CALL_RECORDED      | dev.lifeboat.apicall.recorded.v1        | lifeboat.api.calls             | ApiCallRecorded      | api-call-recorded.v1.json
            """)
    void eachTypeHasItsCloudEventsTypeTopicMessageNameAndSchemaFile(EventType type, String ceType, String topic,
                                                                     String messageName, String schemaFileName) {
        assertThat(type.type()).isEqualTo(ceType);
        assertThat(type.topic()).isEqualTo(topic);
        assertThat(type.messageName()).isEqualTo(messageName);
        assertThat(type.dataClass().getSimpleName()).isEqualTo(messageName);
        assertThat(type.schemaFileName()).isEqualTo(schemaFileName);
    }

    @Test
    void theCatalogHasTwentyFiveTypes() {
        // the table above has one row per type: a new type needs a row there too
        assertThat(EventType.values()).hasSize(25);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void aTypeIsFoundAgainByItsCloudEventsTypeAndByItsDataClass(EventType type) {
        assertThat(EventType.ofType(type.type())).contains(type);
        assertThat(EventType.of(type.dataClass())).isSameAs(type);
    }

    @Test
    void eachTopicCarriesExactlyItsGroupOfTypes() {
        Map<String, Set<EventType>> byTopic = Arrays.stream(EventType.values())
                .collect(Collectors.groupingBy(EventType::topic, Collectors.toSet()));

        assertThat(byTopic.get(Topics.BACKUP_REQUESTS)).containsExactly(EventType.BACKUP_REQUESTED);
        assertThat(byTopic.get(Topics.RESTORE_REQUESTS)).containsExactly(EventType.RESTORE_REQUESTED);
        assertThat(byTopic.get(Topics.API_CALLS)).containsExactly(EventType.API_CALL_RECORDED);
        assertThat(byTopic.get(Topics.DATABASES)).containsExactlyInAnyOrder(
                EventType.DATABASE_REGISTERED, EventType.DATABASE_UPDATED, EventType.DATABASE_REMOVED);
        assertThat(byTopic.get(Topics.BACKUP_EVENTS)).containsExactlyInAnyOrderElementsOf(EnumSet.of(
                EventType.BACKUP_STARTED, EventType.BACKUP_COMPLETED, EventType.BACKUP_FAILED, EventType.BACKUP_EXPIRED,
                EventType.BACKUP_DELETED, EventType.BACKUP_UNDELETED, EventType.BACKUP_PURGED, EventType.CAPTURE_STOPPED, EventType.CAPTURE_RESUMED, EventType.CAPTURE_RETAINING_WAL));
    }

    @Test
    void anUnknownOrOtherVersionTypeIsNotFound() {
        assertThat(EventType.ofType("dev.lifeboat.backup.exploded.v1")).isEmpty();
        assertThat(EventType.ofType("dev.lifeboat.backup.requested.v2")).isEmpty();
        assertThat(EventType.ofType("DEV.LIFEBOAT.BACKUP.REQUESTED.V1")).isEmpty();
        assertThat(EventType.ofType("dev.lifeboat.restore.rolled-back.v1")).as("the type is rolledback").isEmpty();
        assertThat(EventType.ofType("BACKUP_REQUESTED")).as("the enum name is not the type").isEmpty();
        assertThat(EventType.ofType("")).isEmpty();
        assertThat(EventType.ofType(null)).isEmpty();
    }

    @Test
    void aDataClassOutsideTheCatalogIsRefusedByName() {
        assertThatThrownBy(() -> EventType.of(Stray.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Stray.class.getName() + " is not in the event catalog");
    }
}
