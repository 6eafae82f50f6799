package dev.lifeboat.backup.api;

import dev.lifeboat.backup.capture.CaptureLease;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.replay.RestorableWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A database's point-in-time restore: whether its changes are captured and how capture fares, and the seconds a
 * restore reaches exactly now.
 *
 * @param from        the earliest second restorable exactly (null: none yet, until a backup aligned to the stream)
 * @param to          the latest: the change archive is known complete up to it
 * @param unreachable seconds between them that are not, each with why and the backup that ends it ({@code until}
 *                    null: none yet, a backup taken now ends it)
 */
public record PointInTimeView(String databaseId, boolean enabled, String window, Capture capture, Instant from, Instant to,
                              List<RestorableWindow.Unreachable> unreachable) {

    /**
     * @param state            RUNNING (a replica streams it), STOPPED (it fails: {@code code} and {@code message} say
     *                         why), WAITING (no replica holds it yet, or its holder died and the lease has not run out), OFF
     * @param since            when it stopped
     * @param schemaChanges    "schema changes replayed" (Lifeboat's event trigger records DDL) or "gaps at schema
     *                         changes" (the role may not create it), once a capture has started; {@code schemaChangesWhy}
     *                         says why, and for gaps the grant that would give replay
     * @param retainedWalBytes WAL the source server keeps for the capture's slot, as last measured
     * @param retainedWalLimitBytes how much it may keep before the capture is at risk ({@code lifeboat.capture.retained-wal-limit}):
     *                         what {@code CaptureRetainingWal}, the alert and {@code lifeboat status} hold it to
     */
    public record Capture(String state, Instant since, String code, String message, String schemaChanges,
                          String schemaChangesWhy, Long retainedWalBytes, Long retainedWalLimitBytes) {
    }

    static PointInTimeView of(RegisteredDatabase database, CaptureLease lease, RestorableWindow window, Instant now, long walLimit) {
        boolean enabled = database.pointInTimeWindowSeconds != null;
        return new PointInTimeView(database.id, enabled,
                enabled ? Duration.ofSeconds(database.pointInTimeWindowSeconds).toString() : null,
                capture(enabled, lease, now, walLimit), window.from(), window.to(), window.unreachable());
    }

    private static Capture capture(boolean enabled, CaptureLease lease, Instant now, long walLimit) {
        if (!enabled) {
            return new Capture("OFF", null, null, null, null, null, null, null);
        }
        String mode = lease == null ? null : lease.schemaChanges;
        String why = lease == null ? null : lease.schemaChangesWhy;
        Long retained = lease == null ? null : lease.retainedWalBytes;
        if (lease != null && lease.stoppedAt != null) {
            return new Capture("STOPPED", lease.stoppedAt, lease.stopCode, lease.stopMessage, mode, why, retained, walLimit);
        }
        return new Capture(lease != null && lease.until.isAfter(now) ? "RUNNING" : "WAITING", null, null, null, mode, why, retained,
                walLimit);
    }
}
