package dev.lifeboat.changes.segment;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;

/**
 * Seconds the change archive cannot replay exactly, stored as its own object when they are found: a schema change that
 * cannot be replayed, a table that appeared and was not captured yet, a lost slot, the database replaced under its name,
 * or Lifeboat's event trigger gone. The gap runs from {@code from} until the first backup aligned at or after
 * {@code foundAtLsn}; restores to a second inside it are refused with {@code reason}.
 *
 * @param from       the earliest the cause can have happened
 * @param foundAtLsn where the stream showed it
 * @param foundAt    when, by the source's clock
 * @param restoreId  the restore in place that replaced the database, when that is the cause (null otherwise)
 * @param kind       what caused it; a gap stored before gaps carried their kind is read back with the kind its reason
 *                   names (the only place a reason's words are read)
 */
public record Gap(String databaseId, String table, String reason, Instant from, Lsn foundAtLsn, Instant foundAt,
                  String restoreId, Kind kind) {

    /** What caused a gap. */
    public enum Kind {
        /** DDL that cannot be replayed exactly, a table's definition changed, or the schema's digest changed. */
        SCHEMA_CHANGE,
        /** A table appeared that was not captured before. */
        NEW_TABLE,
        /** The capture's replication slot was lost (dropped, or its WAL removed): a new line of the stream began. */
        LOST_SLOT,
        /** The database was replaced under its name (a restore in place): a new line of the stream began on the new one. */
        REPLACED_DATABASE,
        /** Lifeboat's event trigger was dropped or disabled: DDL since may be missing from the stream. */
        TRIGGER_LOST,
        /** Not a stored gap: changes missing between two stored segments, as the restorable window finds them. */
        MISSING_CHANGES;

        /** The kind a gap stored before kinds were recorded says in its reason. */
        static Kind namedIn(String reason) {
            String text = reason == null ? "" : reason;
            if (text.contains("the database captured before is now ")) {
                return REPLACED_DATABASE;
            }
            if (text.startsWith("capture lost its replication slot")) {
                return LOST_SLOT;
            }
            if (text.startsWith("table ") && text.endsWith("was not captured before")) {
                return NEW_TABLE;
            }
            if (text.startsWith("Lifeboat's event trigger ")) {
                return TRIGGER_LOST;
            }
            return SCHEMA_CHANGE;
        }
    }

    public Gap {
        kind = kind != null ? kind : Kind.namedIn(reason);
    }

    public Gap(String databaseId, String table, String reason, Instant from, Lsn foundAtLsn, Instant foundAt, Kind kind) {
        this(databaseId, table, reason, from, foundAtLsn, foundAt, null, kind);
    }

    /** A gap as one stored before gaps carried their kind reads back: of the kind its reason names. */
    public Gap(String databaseId, String table, String reason, Instant from, Lsn foundAtLsn, Instant foundAt) {
        this(databaseId, table, reason, from, foundAtLsn, foundAt, null, null);
    }

    /** A database replaced by the restore in place {@code restoreId}. */
    public Gap(String databaseId, String table, String reason, Instant from, Lsn foundAtLsn, Instant foundAt, String restoreId) {
        this(databaseId, table, reason, from, foundAtLsn, foundAt, restoreId, Kind.REPLACED_DATABASE);
    }
}
