package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link RestoredCheck#MATERIALIZED_VIEWS}, a notice that passes: the materialized views a restore recomputed rather than
 * copied, the one place a restore may differ from its source. {@code pg_dump} stores no view's rows, only its REFRESH:
 * a restored view holds what its query gives on the backup's rows, which is the source's unless the source had not
 * refreshed it since its tables changed; a restore to a second names the views no replayed REFRESH of theirs brought to it.
 */
public final class MaterializedViewNotice {

    private MaterializedViewNotice() {
    }


    /**
     * After a restore of a backup: its populated views ({@code CatalogNames.populatedMaterializedViews}), recomputed by
     * {@code pg_restore}; none, no notice.
     */
    public static Optional<ValidationResult> afterRestore(List<String> views) {
        return views.isEmpty() ? Optional.empty() : Optional.of(new ValidationResult(RestoredCheck.MATERIALIZED_VIEWS.name(), true,
                "recomputed from the backup's rows when restored (a backup holds a view's query, not its rows), as a REFRESH at "
                        + "the backup's snapshot would, so they may differ from the source's (one the source had not refreshed since "
                        + "its tables changed does): " + String.join(", ", views)));
    }

    /** After a restore to {@code target}: the views no replayed REFRESH brought there; none, no notice. */
    public static Optional<ValidationResult> afterReplay(List<String> views, Instant target) {
        return views == null || views.isEmpty() ? Optional.empty() : Optional.of(new ValidationResult(RestoredCheck.MATERIALIZED_VIEWS.name(),
                true, "recomputed from the backup's rows, as no REFRESH of theirs was replayed after it, so they may differ from "
                        + "the source's at " + target + ": " + String.join(", ", views) + " (the rest of the restore is the source's then)"));
    }
}
