package dev.lifeboat.events;

import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupDeleted;
import dev.lifeboat.events.backup.BackupPurged;
import dev.lifeboat.events.backup.BackupUndeleted;
import dev.lifeboat.events.backup.BackupExpired;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.capture.CaptureResumed;
import dev.lifeboat.events.capture.CaptureRetainingWal;
import dev.lifeboat.events.capture.CaptureStopped;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupStarted;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.events.notification.NotificationFailed;
import dev.lifeboat.events.notification.NotificationSent;
import dev.lifeboat.events.registry.DatabaseRegistered;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.DatabaseRemoved;
import dev.lifeboat.events.apicall.ApiCallRecorded;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreStarted;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.events.verification.RestoreTestCompleted;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in instance of every event type, optional fields included. */
public final class EventSamples {

    public static final String DB = "orders-db";
    private static final Instant T0 = Instant.parse("2026-11-21T02:00:00.123Z");

    private static final DatabaseRegistration REGISTRATION = new DatabaseRegistration("db.internal", 5432, "orders", "backup",
            "env:ORDERS_BACKUP_PASSWORD", new DatabaseRegistration.RestoreRole("restorer", "file:/run/secrets/orders-restore"),
            "0 2 * * *", 86_400, Map.of("team", "orders"), "API",
            new DatabaseRegistration.PointInTime(7 * 86_400), null, null,
            new DatabaseRegistration.Tls("verify-full", "file:/run/secrets/lifeboat-db/orders-ca.pem"), true);
    private static final DatabaseRegistration D1_REGISTRATION = new DatabaseRegistration(null, null, "portal", null,
            "env:LIFEBOAT_DB_PORTAL_TOKEN", null, "0 2 * * *", 86_400, Map.of("team", "portal"), "API", null, "d1",
            new DatabaseRegistration.D1Database("0123456789abcdef0123456789abcdef", "6f1c2a9e-1b0e-4f7e-9d7b-3c2a1e0f9b8d", null), null, null);

    private EventSamples() {
    }

    public static EventData of(EventType type) {
        return switch (type) {
            case BACKUP_REQUESTED -> new BackupRequested("req-1", DB, BackupTrigger.MANUAL, "alice", Map.of("team", "orders"));
            case BACKUP_STARTED -> new BackupStarted("req-1", "bk-1", DB, BackupTrigger.MANUAL, 1, T0);
            case BACKUP_COMPLETED -> new BackupCompleted("req-1", "bk-1", DB, BackupTrigger.SCHEDULE,
                    "backups/orders-db/2026/11/21/bk-1/dump.pgc.zst.enc", "backups/orders-db/2026/11/21/bk-1/manifest.json",
                    123_456_789_012L, "ab".repeat(32), Compression.ZSTD, true, "key-2026", 4_200,
                    Map.of("public.orders", 5_000_000_000L, "public.customers", 12L), "15.19", T0, T0.plusSeconds(4));
            case BACKUP_FAILED -> new BackupFailed("req-1", null, DB, BackupTrigger.EXTERNAL, "AUTHENTICATION_FAILED",
                    "password authentication failed for user \"backup\"", 2, false);
            case BACKUP_EXPIRED -> new BackupExpired("bk-0", DB, "backups/orders-db/2026/10/01/bk-0/dump.pgc.zst", "max-age 30d", T0);
            case BACKUP_DELETED -> new BackupDeleted("bk-0", DB, "backups/orders-db/2026/10/01/bk-0/dump.pgc.zst", "root", false);
            case BACKUP_UNDELETED -> new BackupUndeleted("bk-0", DB, "backups/orders-db/2026/10/01/bk-0/dump.pgc.zst", "root");
            case BACKUP_PURGED -> new BackupPurged("bk-0", DB, "backups/orders-db/2026/10/01/bk-0/dump.pgc.zst", "admin-b", "admin-a");
            case RESTORE_REQUESTED -> new RestoreRequested("rs-1", DB, new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null, T0),
                    new RestoreTarget(RestoreTarget.Kind.TABLES, "orders_copy", List.of("public.orders"), true, null), true, "bob");
            case RESTORE_STARTED -> new RestoreStarted("rs-1", DB, "bk-1", RestoreTarget.Kind.NEW_DATABASE, "orders_copy", T0);
            case RESTORE_COMPLETED -> new RestoreCompleted("rs-1", DB, "bk-1", RestoreTarget.Kind.IN_PLACE, DB, 7_400, 5_000_012,
                    List.of(new ValidationResult("ROW_COUNTS", true, "12 tables match"), new ValidationResult("FK_INTEGRITY", true, "no orphans")),
                    new RestoreCompleted.PointReached(T0.plusSeconds(3600), T0.plusSeconds(3599), "16/B374D848", 4_210, 19_877,
                            Map.of("public.audit_log", "public.audit_log has no primary key or replica identity")));
            case RESTORE_FAILED -> new RestoreFailed("rs-1", DB, "CHECKSUM", "CHECKSUM_MISMATCH", "sha256 differs from the manifest");
            case CAPTURE_STOPPED -> new CaptureStopped(DB, "NOT_READY",
                    "role backup may not replicate: ALTER ROLE backup REPLICATION (RDS: GRANT rds_replication TO backup)", T0);
            case CAPTURE_RESUMED -> new CaptureResumed(DB, T0, T0.plusSeconds(30));
            case CAPTURE_RETAINING_WAL -> new CaptureRetainingWal(DB, 12_884_901_888L, 10_737_418_240L, true);
            case RESTORE_ROLLED_BACK -> new RestoreRolledBack("rs-1", DB, "VALIDATION", "row count of public.orders differs");
            case VERIFICATION_PASSED -> new VerificationPassed("vf-1", DB, "bk-1", VerificationCheck.CHECKSUM, "sha256 matches");
            case VERIFICATION_FAILED -> new VerificationFailed("vf-2", DB, null, VerificationCheck.FRESHNESS, "no verified backup for 26h (RPO 24h)");
            case RESTORE_TEST_COMPLETED -> new RestoreTestCompleted("rt-1", DB, "bk-1", "backups/orders-db/reports/rt-1.md", 7_400, 3_600, true,
                    new RestoreCompleted.PointReached(T0.plusSeconds(600), T0.plusSeconds(599), "0/16B3748", 12, 340, null));
            case NOTIFICATION_SENT -> new NotificationSent("dl-1", DB, "ev-1", "dev.lifeboat.backup.failed.v1", "slack-ops", 1);
            case NOTIFICATION_FAILED -> new NotificationFailed("dl-2", DB, "ev-1", "dev.lifeboat.backup.failed.v1", "email-ops", 5, "SMTP 451");
            case DATABASE_REGISTERED -> new DatabaseRegistered(DB, REGISTRATION, "alice");
            case DATABASE_UPDATED -> new DatabaseUpdated(DB, D1_REGISTRATION, "alice");
            case DATABASE_REMOVED -> new DatabaseRemoved(DB, "alice");
            case API_CALL_RECORDED -> new ApiCallRecorded(DB, "alice", "POST", "/api/restores", 202, "/api/restores/r-1");
        };
    }
}
