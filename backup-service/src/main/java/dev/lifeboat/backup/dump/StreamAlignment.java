package dev.lifeboat.backup.dump;

import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.slot.AlignedSnapshot;
import dev.lifeboat.postgres.connect.PgConnection;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A backup of a database captured for point-in-time restore takes its snapshot from a temporary logical slot, so its
 * manifest records the change stream's position the dump is exactly at ({@code streamLsn}) and replay meets it without a
 * change applied twice or missed. A database not captured, or one where the slot cannot be made (no logical decoding, no
 * REPLICATION), is backed up as any other: a backup is never refused for want of alignment, and the capture's preflight
 * says what is missing. Making the slot waits for every transaction open on the server to end: after
 * {@value #SLOT_WAIT_SECONDS} s the backup goes on unaligned, saying so.
 */
public final class StreamAlignment implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StreamAlignment.class);
    private static final StreamAlignment NONE = new StreamAlignment(null);
    static final int SLOT_WAIT_SECONDS = 30;

    private final AlignedSnapshot snapshot;

    private StreamAlignment(AlignedSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Blocking: a worker thread's. */
    public static StreamAlignment of(RegisteredDatabase database, PgConnection server) {
        if (database.pointInTimeWindowSeconds == null) {
            return NONE;
        }
        Connection replication;
        try {
            replication = server.openReplication(database.databaseName, "backup (aligned)");
        } catch (SQLException e) {
            return unaligned(database, e.getMessage());
        }
        CompletableFuture<AlignedSnapshot> created = new CompletableFuture<>();
        Thread making = new Thread(() -> {
            try {
                created.complete(AlignedSnapshot.create(replication));
            } catch (SQLException e) {
                created.completeExceptionally(e);
            }
        }, "aligned-snapshot-" + database.id);
        making.setDaemon(true);
        making.start();
        try {
            return new StreamAlignment(created.get(SLOT_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            closeQuietly(replication); // ends the wait; the temporary slot is never made
            return unaligned(database, "a transaction left open on the server kept the slot from being made for "
                    + SLOT_WAIT_SECONDS + " s (see pg_stat_activity for sessions idle in transaction)");
        } catch (ExecutionException e) {
            return unaligned(database, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(replication);
            return unaligned(database, "interrupted");
        }
    }

    private static StreamAlignment unaligned(RegisteredDatabase database, String why) {
        LOG.warnf("Backup of %s is not aligned to its change stream (point-in-time restore cannot start from it): %s", database.id, why);
        return NONE;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is all that is wanted
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

    /** Ends the temporary slot: once the backup's session has imported and re-exported its snapshot, it is not needed. */
    @Override
    public void close() {
        if (snapshot != null) {
            snapshot.close();
        }
    }
}
