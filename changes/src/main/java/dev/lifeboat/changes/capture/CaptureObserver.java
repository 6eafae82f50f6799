package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.slot.PreflightReport;

/** What a running capture tells the service around it: for metrics, events, and a backup after a schema change. */
public interface CaptureObserver {

    CaptureObserver NONE = new CaptureObserver() {
    };

    default void started(PreflightReport preflight) {
    }

    default void stored(SegmentManifest segment) {
    }

    default void covered(Coverage coverage) {
    }

    /** A gap was found and recorded: a backup taken now ends it. */
    default void gap(Gap gap) {
    }
}
