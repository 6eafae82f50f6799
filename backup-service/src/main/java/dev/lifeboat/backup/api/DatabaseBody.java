package dev.lifeboat.backup.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A database to register or its new settings. Omitted optional fields take the configured defaults
 * (schedule daily 02:00 UTC, RPO 24 h, retention 30 days plus 7 daily, 4 weekly, 12 monthly).
 *
 * @param database      name of the database on its server; defaults to {@code id}
 * @param credentialRef where the password lives: {@code env:VARIABLE} or {@code file:/path}; never the password
 * @param rpo           recovery point objective, ISO-8601 (e.g. {@code PT24H})
 * @param freshnessColumns per table ({@code schema.table}), a column whose newest value every backup records in
 *                      its manifest, so a restore test can prove the restored data is as recent as the backup's
 */
public record DatabaseBody(String id, String host, Integer port, String database, String username, String credentialRef,
                           String schedule, Duration rpo, Retention retention, Map<String, String> labels,
                           Map<String, String> freshnessColumns) {

    /** Retention rules; see the README. {@code pinned} backups are never expired. */
    public record Retention(Integer maxAgeDays, Integer keepLast, Integer daily, Integer weekly, Integer monthly,
                            List<String> pinned) {
    }
}
