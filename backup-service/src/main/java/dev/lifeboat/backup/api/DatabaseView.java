package dev.lifeboat.backup.api;

import dev.lifeboat.runtime.schedule.CronSchedule;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.events.registry.DatabaseRegistration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered database as the API shows it: the credential reference, never a secret. {@code rpo} is ISO-8601 (PT24H);
 * {@code nextBackupAt} is the schedule's next slot.
 */
public record DatabaseView(String id, String engine, String host, Integer port, String database, String username, String credentialRef,
                           DatabaseBody.Restore restore, String schedule, String rpo, DatabaseBody.Retention retention, Map<String, String> labels,
                           Map<String, String> freshnessColumns, PointInTime pointInTime, int maxConcurrentPerServer, String declaredIn, Instant createdAt, Instant updatedAt,
                           Instant nextBackupAt, DatabaseRegistration.D1Database d1, DatabaseRegistration.Tls tls,
                           boolean restoreWithoutSafetyBackup) {

    public static DatabaseView of(RegisteredDatabase row) {
        return new DatabaseView(row.id, row.engine.wireName(), row.serverHost(), row.serverPort(), row.databaseName, row.username, row.credentialRef,
                row.restoreUsername == null ? null : new DatabaseBody.Restore(row.restoreUsername, row.restoreCredentialRef), row.schedule,
                Duration.ofMinutes(row.rpoMinutes).toString(),
                new DatabaseBody.Retention(row.maxAgeDays, row.keepLast, row.daily, row.weekly, row.monthly, List.of(row.pinnedBackups)),
                row.labels, row.freshnessColumns, new PointInTime(row.pointInTimeWindowSeconds != null,
                        row.pointInTimeWindowSeconds == null ? null : Duration.ofSeconds(row.pointInTimeWindowSeconds).toString(),
                        row.pointInTimeMaxReplaySeconds == null ? null : Duration.ofSeconds(row.pointInTimeMaxReplaySeconds).toString()),
                row.maxConcurrentPerServer, row.declaredIn.name(), row.createdAt, row.updatedAt,
                CronSchedule.parse(row.schedule).nextSlotAfter(Instant.now()).orElse(null), row.d1(), row.tls(),
                row.restoreWithoutSafetyBackup);
    }

    /** Point-in-time restore: whether the database is captured, its window and its replay budget (ISO-8601). */
    public record PointInTime(boolean enabled, String window, String maxReplay) {
    }
}
