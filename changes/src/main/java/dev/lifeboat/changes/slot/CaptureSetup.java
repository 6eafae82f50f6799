package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.sql.SqlIdentifiers;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Lifeboat's publication and replication slot in a captured database: created when missing, the publication kept to the
 * tables the preflight found capturable (a partitioned table's changes arrive as its partitions': a partition's own
 * TRUNCATE is published only so, and the restored database has the same partitions), and both dropped when the database
 * stops being captured. Blocking: worker threads only.
 */
public final class CaptureSetup {

    /** @param confirmed   the slot's confirmed position: the stream resumes after it
     *  @param added       capturable tables the publication did not hold yet (new since the last start)
     *  @param slotCreated the slot did not exist (or was on another database, {@link #slotElsewhere}, and was
     *                     dropped): nothing before {@code confirmed} was kept for the capture */
    public record Setup(Lsn confirmed, List<TableName> added, boolean slotCreated) {
    }

    private CaptureSetup() {
    }

    public static Setup ensure(Connection connection, CaptureNames names, List<TableName> tables) throws SQLException {
        connection.setAutoCommit(true);
        List<TableName> added = publication(connection, names, tables);
        if (slotElsewhere(connection, names) != null) {
            // a slot may be dropped from any database: the server keeps no WAL for a database no one captures, and the
            // one set aside can be dropped
            try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                drop.setString(1, names.slot());
                drop.execute();
            }
        }
        Lsn existing = existingSlot(connection, names);
        return existing != null ? new Setup(existing, added, false) : new Setup(createSlot(connection, names), added, true);
    }

    /**
     * The slot's stream of changes from {@code confirmed}, on a replication connection: pgoutput with the publication's
     * tables and logical messages (the heartbeat and the DDL the event trigger records). Only a stored segment confirms
     * the slot: pgjdbc would otherwise confirm on a keepalive.
     */
    public static PGReplicationStream stream(Connection replication, CaptureNames names, Lsn confirmed) throws SQLException {
        return replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(names.slot())
                .withStartPosition(LogSequenceNumber.valueOf(confirmed.value()))
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", names.publication())
                .withSlotOption("messages", true)
                .withStatusInterval(10, TimeUnit.SECONDS)
                .withAutomaticFlush(false)
                .start();
    }

    /**
     * The database the slot is on, when it is not this one (null otherwise): the database of this name was replaced
     * (restored in place: renamed aside, a copy renamed in) and the slot went with the old one. {@link #ensure} drops it.
     */
    public static String slotElsewhere(Connection connection, CaptureNames names) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT database FROM pg_replication_slots WHERE slot_name = ? AND database <> current_database()")) {
            statement.setString(1, names.slot());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static List<TableName> publication(Connection connection, CaptureNames names, List<TableName> tables) throws SQLException {
        String publication = SqlIdentifiers.quote(names.publication());
        Set<TableName> published = new HashSet<>();
        boolean exists;
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT n.nspname, c.relname FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid
                  JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE p.pubname = ?""")) {
            statement.setString(1, names.publication());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    published.add(new TableName(rows.getString(1), rows.getString(2)));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            statement.setString(1, names.publication());
            try (ResultSet rows = statement.executeQuery()) {
                exists = rows.next();
            }
        }
        List<TableName> missing = new ArrayList<>();
        for (TableName table : tables) {
            if (!published.contains(table)) {
                missing.add(table);
            }
        }
        try (Statement statement = connection.createStatement()) {
            String list = missing.stream().map(t -> SqlIdentifiers.quote(t.schema()) + "." + SqlIdentifiers.quote(t.name()))
                    .collect(Collectors.joining(", "));
            if (!exists) {
                statement.execute("CREATE PUBLICATION " + publication + (missing.isEmpty() ? "" : " FOR TABLE " + list)
                        + " WITH (publish_via_partition_root = false)");
                return List.of();
            }
            if (!missing.isEmpty()) {
                statement.execute("ALTER PUBLICATION " + publication + " ADD TABLE " + list);
            }
        }
        return missing;
    }

    /** The slot's confirmed position; null when there is no slot, or when it lost WAL it needs (it is dropped then). */
    private static Lsn existingSlot(Connection connection, CaptureNames names) throws SQLException {
        try (PreparedStatement existing = connection.prepareStatement(
                "SELECT confirmed_flush_lsn, wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            existing.setString(1, names.slot());
            try (ResultSet rows = existing.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                if (!"lost".equals(rows.getString(2))) {
                    return Lsn.parse(rows.getString(1));
                }
            }
        }
        try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
            drop.setString(1, names.slot());
            drop.execute();
        }
        return null;
    }

    private static Lsn createSlot(Connection connection, CaptureNames names) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement(
                "SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput')")) {
            create.setString(1, names.slot());
            try (ResultSet rows = create.executeQuery()) {
                rows.next();
                return Lsn.parse(rows.getString(1));
            }
        }
    }

    /**
     * Bytes of WAL the source keeps for the slot: from its restart position to the current position (0 without a slot).
     * Measured by the running capture, and by its supervisor while the capture is stopped (the slot holds WAL then too).
     */
    public static long retainedWal(Connection connection, CaptureNames names) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(),"
                + " restart_lsn), 0)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, names.slot());
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    /**
     * Removes the capture's publication and event trigger from the database a restore in place set aside, once
     * {@link #ensure} has dropped its slot there: nothing of the capture stays on it. Passed over when that database is
     * gone already or cannot be reached (it holds no slot, so it costs the server nothing).
     */
    public static void clearAside(PgConnection source, String asideDatabase) {
        try (Connection aside = source.open(asideDatabase, "capture")) {
            aside.setAutoCommit(true);
            SchemaChangeTrigger.removeFromCopy(aside);
        } catch (SQLException goneOrOutOfReach) {
            // dropped by its owner, or a role that may not connect there: nothing retains WAL for it
        }
    }

    /** Drops the slot (the source stops retaining WAL for it), the publication and the event trigger that records DDL. */
    public static void drop(Connection connection, CaptureNames names) throws SQLException {
        connection.setAutoCommit(true);
        SchemaChangeTrigger.drop(connection, names);
        try (PreparedStatement slot = connection.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            slot.setString(1, names.slot());
            slot.execute();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP PUBLICATION IF EXISTS " + SqlIdentifiers.quote(names.publication()));
        }
    }
}
