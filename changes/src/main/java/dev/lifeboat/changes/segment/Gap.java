package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;

/**
 * Seconds the change archive cannot replay exactly, stored as its own object when they are found: a table's definition
 * changed (the stream carries no DDL), a table appeared that was not captured yet, or capture lost its slot. The gap
 * runs from {@code from} until the first backup aligned at or after {@code foundAtLsn}; restores to a second inside it
 * are refused with {@code reason}.
 *
 * @param from       the earliest the cause can have happened
 * @param foundAtLsn where the stream showed it
 * @param foundAt    when, by the source's clock
 * @param restoreId  the restore in place that replaced the database, when that is the cause (null otherwise)
 */
public record Gap(String databaseId, String table, String reason, Instant from, Lsn foundAtLsn, Instant foundAt,
                  String restoreId) {

    public Gap(String databaseId, String table, String reason, Instant from, Lsn foundAtLsn, Instant foundAt) {
        this(databaseId, table, reason, from, foundAtLsn, foundAt, null);
    }
}
