package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.Lsn;
import org.postgresql.PGConnection;
import org.postgresql.replication.ReplicationSlotInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A snapshot exactly at a position of the change stream: a temporary logical slot created on a replication connection
 * exports the snapshot of its consistent point. Every transaction that committed before {@link #lsn()} is in the
 * snapshot, every later one is in the stream after it, so a backup taken in it and the archive's transactions committed
 * after its position meet without a change applied twice or missed. The snapshot can be imported ({@code SET
 * TRANSACTION SNAPSHOT}) until this is closed, which also drops the temporary slot. Blocking: worker threads only.
 */
public final class AlignedSnapshot implements AutoCloseable {

    private final Connection replication;
    private final String snapshotName;
    private final Lsn lsn;

    private AlignedSnapshot(Connection replication, String snapshotName, Lsn lsn) {
        this.replication = replication;
        this.snapshotName = snapshotName;
        this.lsn = lsn;
    }

    /** @param replication a connection opened for replication; this owns it from now on */
    public static AlignedSnapshot create(Connection replication) throws SQLException {
        try {
            ReplicationSlotInfo slot = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .createReplicationSlot().logical()
                    .withSlotName(CaptureNames.PREFIX + "snapshot_" + UUID.randomUUID().toString().replace("-", ""))
                    .withOutputPlugin("pgoutput")
                    .withTemporaryOption()
                    .make();
            if (slot.getSnapshotName() == null) {
                throw new SQLException("the server exported no snapshot with the temporary slot");
            }
            return new AlignedSnapshot(replication, slot.getSnapshotName(), new Lsn(slot.getConsistentPoint().asLong()));
        } catch (SQLException e) {
            try {
                replication.close();
            } catch (SQLException ignored) {
                // the slot is temporary: it goes with the connection
            }
            throw e;
        }
    }

    /** What {@code SET TRANSACTION SNAPSHOT} and {@code pg_dump --snapshot} take. */
    public String snapshotName() {
        return snapshotName;
    }

    /** The stream position the snapshot is exactly at. */
    public Lsn lsn() {
        return lsn;
    }

    @Override
    public void close() {
        try {
            replication.close();
        } catch (SQLException ignored) {
            // a temporary slot is dropped when its connection ends, however it ends
        }
    }
}
