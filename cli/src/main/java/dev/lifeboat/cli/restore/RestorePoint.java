package dev.lifeboat.cli.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * Where a point-in-time restore goes: a moment ({@code --at}), or just before a captured transaction ({@code --before}, its
 * commit position or its id as {@code lifeboat changes} shows them; the restore service checks which).
 */
public record RestorePoint(Instant at, String beforeTransaction) {

    public static RestorePoint at(Instant moment) {
        return new RestorePoint(moment, null);
    }

    public static RestorePoint before(String transaction) {
        return new RestorePoint(null, transaction);
    }

    /** The one the command line was given: null when neither. */
    static RestorePoint of(Instant at, String before) {
        if (at != null && before != null) {
            throw new IllegalArgumentException("--at and --before both say where to restore to: give one");
        }
        return at != null ? at(at) : before != null ? before(before) : null;
    }

    void into(ObjectNode source) {
        source.put("kind", "POINT_IN_TIME");
        if (at != null) {
            source.put("pointInTime", at.toString());
        } else {
            source.put("beforeTransaction", beforeTransaction);
        }
    }
}
