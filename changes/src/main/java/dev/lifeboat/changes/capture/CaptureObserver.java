package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.PreflightReport;

import java.time.Instant;

/** What a running capture tells the service around it: for metrics, events, and a backup after a schema change. */
public interface CaptureObserver {

    CaptureObserver NONE = new CaptureObserver() {
    };

    default void started(PreflightReport preflight) {
    }

    /** A transaction arrived whole from the stream, at {@code receivedAt} (capture lag is the time since its commit). */
    default void received(Transaction transaction, Instant receivedAt) {
    }

    default void stored(SegmentManifest segment) {
    }

    default void covered(Coverage coverage) {
    }

    /** How much WAL the source keeps for the capture's slot (from its restart position to now), looked at with each heartbeat. */
    default void retained(long walBytes) {
    }

    /**
     * A gap was found and recorded: a backup taken now ends it. The gap of a database restored in place is told once
     * the slot on the new database is made (a backup aligned before that could not start its replay).
     */
    default void gap(Gap gap) {
    }

    /**
     * The gap of a database restored in place, found by an earlier start, is still open as this one starts (the new line
     * stored nothing yet): that start may have been cut off before it told of it, so the backup that ends it is asked for
     * again (the same request: it is taken once). Not a new gap.
     */
    default void gapStillOpen(Gap gap) {
        gap(gap);
    }
}
