package dev.lifeboat.notifier.message;

import dev.lifeboat.events.EventType;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.verification.RestoreTestCompleted;

/** How bad an event is: rules match on it, and channels show it (Slack emoji and colour, the email subject). */
public enum Severity {
    /** Something failed: a backup, a restore, a verification, a restore test, point-in-time capture; or a restore was rolled back. */
    ERROR,
    /**
     * Needs attention without having failed: a restore began (maintenance), an admin deleted a backup, a capture's slot
     * keeps more WAL on the source than its limit.
     */
    WARNING,
    /** Something finished well. */
    SUCCESS,
    /** Everything else (started, expired). */
    INFO;

    public static Severity of(CloudEvent<?> event) {
        EventType type = event.eventType();
        return switch (type) {
            case BACKUP_FAILED, RESTORE_FAILED, RESTORE_ROLLED_BACK, VERIFICATION_FAILED, NOTIFICATION_FAILED, CAPTURE_STOPPED -> ERROR;
            case RESTORE_TEST_COMPLETED -> event.dataAs(RestoreTestCompleted.class).passed() ? SUCCESS : ERROR;
            case RESTORE_STARTED, BACKUP_DELETED, BACKUP_UNDELETED, BACKUP_PURGED, CAPTURE_RETAINING_WAL -> WARNING;
            case BACKUP_COMPLETED, RESTORE_COMPLETED, VERIFICATION_PASSED, NOTIFICATION_SENT, CAPTURE_RESUMED -> SUCCESS;
            default -> INFO;
        };
    }
}
