package dev.lifeboat.backup.dump;

import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.slot.AlignedSnapshot;
import dev.lifeboat.postgres.connect.PgConnection;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * A backup of a database captured for point-in-time restore takes its snapshot from a temporary logical slot, so its
 * manifest records the change stream's position the dump is exactly at ({@code streamLsn}) and replay meets it without a
 * change applied twice or missed. A database not captured, or one where the slot cannot be made (no logical decoding, no
 * REPLICATION), is backed up as any other: a backup is never refused for want of alignment, and the capture's preflight
 * says what is missing.
 */
public final class StreamAlignment implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamAlignment.class);
    private static final StreamAlignment NONE = new StreamAlignment(null);

    private final AlignedSnapshot snapshot;

    private StreamAlignment(AlignedSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Blocking: a worker thread's. */
    public static StreamAlignment of(RegisteredDatabase database, String password) {
        if (database.pointInTimeWindowSeconds == null) {
            return NONE;
        }
        try {
            PgConnection connection = new PgConnection(database.host, database.port, database.username, password);
            return new StreamAlignment(AlignedSnapshot.create(connection.openReplication(database.databaseName, "backup (aligned)")));
        } catch (SQLException e) {
            LOG.warnf("Backup of %s is not aligned to its change stream (point-in-time restore cannot start from it): %s",
                    database.id, e.getMessage());
            return NONE;
        }
    }

    /** The snapshot to take the dump in; null: the backup's own. */
    public String snapshotName() {
        return snapshot == null ? null : snapshot.snapshotName();
    }

    /** The stream position for the manifest; null when not aligned. */
    public String lsn() {
        return snapshot == null ? null : snapshot.lsn().toString();
    }

    /** Ends the temporary slot, once the dump has ended (its snapshot must stay importable until pg_dump has it). */
    @Override
    public void close() {
        if (snapshot != null) {
            snapshot.close();
        }
    }
}
