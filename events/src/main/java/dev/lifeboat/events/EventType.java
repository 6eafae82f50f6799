package dev.lifeboat.events;

import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupPurged;
import dev.lifeboat.events.backup.BackupUndeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.capture.CaptureResumed;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.capture.CaptureStopped;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.registry.DatabaseRegistered;
import dev.lifeboat.events.registry.DatabaseRemoved;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;

import java.util.Arrays;
import java.util.Optional;

/** The v1 catalog: each event's CloudEvents type, data record, topic and one-line meaning. */
public enum EventType {
    BACKUP_REQUESTED("backup", "requested", BackupRequested.class, Topics.BACKUP_REQUESTS,
            "Asks for a backup of one database; another system publishes it with an operator's or admin's token."),
    BACKUP_STARTED("backup", "started", BackupStarted.class, Topics.BACKUP_EVENTS,
            "A backup took the database's lock and started."),
    BACKUP_COMPLETED("backup", "completed", BackupCompleted.class, Topics.BACKUP_EVENTS,
            "A backup is stored with its manifest."),
    BACKUP_FAILED("backup", "failed", BackupFailed.class, Topics.BACKUP_EVENTS,
            "A backup attempt failed; nothing of it stays listed."),
    BACKUP_EXPIRED("backup", "expired", BackupExpired.class, Topics.BACKUP_EVENTS,
            "Retention removed a backup."),
    BACKUP_DELETED("backup", "deleted", BackupDeleted.class, Topics.BACKUP_EVENTS,
            "An admin deleted a backup."),
    BACKUP_UNDELETED("backup", "undeleted", BackupUndeleted.class, Topics.BACKUP_EVENTS,
            "An admin undeleted a backup still kept after its deletion."),
    BACKUP_PURGED("backup", "purged", BackupPurged.class, Topics.BACKUP_EVENTS,
            "A deleted backup is gone for good: retention purged it after its time to be kept, or an admin purged it early."),
    CAPTURE_STOPPED("capture", "stopped", CaptureStopped.class, Topics.BACKUP_EVENTS,
            "Point-in-time capture of a database stopped; restores to the second end at its last archived commit."),
    CAPTURE_RESUMED("capture", "resumed", CaptureResumed.class, Topics.BACKUP_EVENTS,
            "Point-in-time capture of a database runs again after it stopped."),
    CAPTURE_RETAINING_WAL("capture", "retaining-wal", CaptureRetainingWal.class, Topics.BACKUP_EVENTS,
            "The capture's replication slot keeps more WAL on the source server than the limit."),
    RESTORE_REQUESTED("restore", "requested", RestoreRequested.class, Topics.RESTORE_REQUESTS,
            "Asks for a restore; another system publishes it with an admin's token."),
    RESTORE_STARTED("restore", "started", RestoreStarted.class, Topics.RESTORE_EVENTS,
            "A restore began: applications may enter maintenance mode."),
    RESTORE_COMPLETED("restore", "completed", RestoreCompleted.class, Topics.RESTORE_EVENTS,
            "A restore finished and passed validation."),
    RESTORE_FAILED("restore", "failed", RestoreFailed.class, Topics.RESTORE_EVENTS,
            "A restore failed; the live database is as it was."),
    RESTORE_ROLLED_BACK("restore", "rolledback", RestoreRolledBack.class, Topics.RESTORE_EVENTS,
            "A restore failed after the swap and the previous database was put back."),
    VERIFICATION_PASSED("verification", "passed", VerificationPassed.class, Topics.VERIFICATION_EVENTS,
            "A backup or database check passed."),
    VERIFICATION_FAILED("verification", "failed", VerificationFailed.class, Topics.VERIFICATION_EVENTS,
            "A backup or database check failed."),
    RESTORE_TEST_COMPLETED("restoretest", "completed", RestoreTestCompleted.class, Topics.VERIFICATION_EVENTS,
            "A restore test finished, with measured RTO and RPO and a report."),
    NOTIFICATION_SENT("notification", "sent", NotificationSent.class, Topics.NOTIFICATION_EVENTS,
            "A notification was delivered to a channel."),
    NOTIFICATION_FAILED("notification", "failed", NotificationFailed.class, Topics.NOTIFICATION_EVENTS,
            "A notification gave up after its retries."),
    DATABASE_REGISTERED("database", "registered", DatabaseRegistered.class, Topics.DATABASES,
            "A database was registered: from now on it is backed up, restored, verified and watched."),
    DATABASE_UPDATED("database", "updated", DatabaseUpdated.class, Topics.DATABASES,
            "A registered database's settings changed; the event carries the whole new state."),
    DATABASE_REMOVED("database", "removed", DatabaseRemoved.class, Topics.DATABASES,
            "A database is no longer protected; its stored backups stay until retention removes them."),
    API_CALL_RECORDED("apicall", "recorded", ApiCallRecorded.class, Topics.API_CALLS,
            "An API call that changed something, or was refused (401/403): who, what, and the answer's status.");

    private final String type;
    private final Class<? extends EventData> dataClass;
    private final String topic;
    private final String summary;

    EventType(String noun, String verb, Class<? extends EventData> dataClass, String topic, String summary) {
        this.type = "dev.lifeboat." + noun + "." + verb + ".v1";
        this.dataClass = dataClass;
        this.topic = topic;
        this.summary = summary;
    }

    /** The CloudEvents {@code type}, e.g. {@code dev.lifeboat.backup.completed.v1}. */
    public String type() {
        return type;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    public String topic() {
        return topic;
    }

    public String summary() {
        return summary;
    }

    /** The record's simple name, e.g. {@code BackupCompleted}. */
    public String messageName() {
        return dataClass.getSimpleName();
    }

    /** The JSON Schema's file name, e.g. {@code backup-completed.v1.json}. */
    public String schemaFileName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ".v1.json";
    }

    public static Optional<EventType> ofType(String type) {
        return Arrays.stream(values()).filter(value -> value.type.equals(type)).findFirst();
    }

    public static EventType of(Class<? extends EventData> dataClass) {
        return Arrays.stream(values()).filter(value -> value.dataClass == dataClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dataClass.getName() + " is not in the event catalog"));
    }
}
