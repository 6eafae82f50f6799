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
     * the slot on the new database is made (a backup aligned before that could not start its replay), and told again
     * by a capture that starts before the new line stored anything (the one before may have been cut off before telling).
     */
    default void gap(Gap gap) {
    }
}
