package dev.lifeboat.restore.validation;

import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * A restore to a second says where it may differ from the source then: the materialized views it recomputed from the
 * backup's rows ({@code pointReached.viewsRecomputed}), as a validation of their own beside the checks that passed.
 */
public final class RecomputedViews {

    static final String CHECK = "MATERIALIZED_VIEWS";

    private RecomputedViews() {
    }

    /** The validations, with the views' notice after them when the point reached names any. */
    public static List<ValidationResult> with(List<ValidationResult> validations, RestoreCompleted.PointReached point) {
        if (point == null || point.viewsRecomputed() == null || point.viewsRecomputed().isEmpty()) {
            return validations;
        }
        List<ValidationResult> all = new ArrayList<>(validations);
        all.add(new ValidationResult(CHECK, true, "recomputed from the backup's rows, as no REFRESH of theirs was replayed"
                + " after it, so they may differ from the source's at " + point.target() + ": "
                + String.join(", ", point.viewsRecomputed()) + " (the rest of the restore is the source's then)"));
        return List.copyOf(all);
    }
}
