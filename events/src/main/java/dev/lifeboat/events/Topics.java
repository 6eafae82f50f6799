package dev.lifeboat.events;

import java.util.List;

/** Every Kafka topic of Lifeboat. Records are keyed by database id, so one database's events stay in order. */
public final class Topics {

    /** {@code BackupRequested}: from the API, the scheduler, the restore service and any other system. */
    public static final String BACKUP_REQUESTS = "lifeboat.backup.requests";
    /** Backup started, completed, failed, expired, deleted. */
    public static final String BACKUP_EVENTS = "lifeboat.backup.events";
    /** {@code RestoreRequested}: from the API and any other system. */
    public static final String RESTORE_REQUESTS = "lifeboat.restore.requests";
    /** Restore started, completed, failed, rolled back. */
    public static final String RESTORE_EVENTS = "lifeboat.restore.events";
    /** Verification passed and failed, restore test completed. */
    public static final String VERIFICATION_EVENTS = "lifeboat.verification.events";
    /** Notification sent and failed. */
    public static final String NOTIFICATION_EVENTS = "lifeboat.notification.events";
    /**
     * The registry: {@code DatabaseRegistered}, {@code DatabaseUpdated} and {@code DatabaseRemoved}, from the backup
     * service. Compacted: the newest event per database is its registration, so a reader from the start knows them all.
     */
    public static final String DATABASES = "lifeboat.databases";
    /** {@code ApiCallRecorded}: every API call that changed something or was refused, from the service that answered it. */
    public static final String API_CALLS = "lifeboat.api.calls";
    /** Messages no consumer could parse or validate, with the reason in the {@code dead-letter-reason} header. */
    public static final String DEAD_LETTER = "lifeboat.dead-letter";

    public static final List<String> ALL = List.of(BACKUP_REQUESTS, BACKUP_EVENTS, RESTORE_REQUESTS, RESTORE_EVENTS,
            VERIFICATION_EVENTS, NOTIFICATION_EVENTS, DATABASES, API_CALLS, DEAD_LETTER);

    private Topics() {
    }
}
