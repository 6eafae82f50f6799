package dev.lifeboat.restore.run;

import dev.lifeboat.restore.intake.RestorePlan;
import dev.lifeboat.restore.step.RestoreFailure;

/** How a resolved restore reaches its target, from creating the database it restores into to the validated result: one per {@link RestorePlan.Route}. */
public interface TargetRestore {

    /** @throws RolledBack IN_PLACE only: the swap was undone after its check failed */
    CompletedRestore restore(RestoreRun run) throws RestoreFailure, RolledBack;
}
