package dev.lifeboat.restore.job;

import dev.lifeboat.restore.run.CompletedRestore;
import dev.lifeboat.restore.run.RestoreRun;
import dev.lifeboat.restore.run.TargetRestore;

import dev.lifeboat.restorechecks.RestoredDatabaseChecks;
import dev.lifeboat.restore.step.RestoreFailure;
import jakarta.enterprise.context.ApplicationScoped;

/** NEW_DATABASE, or TABLES into a database of their own: create it, {@code pg_restore} into it, validate; on any failure it is dropped. */
@ApplicationScoped
public class IntoNewDatabase implements TargetRestore {

    private final CopySteps copy;

    public IntoNewDatabase(CopySteps copy) {
        this.copy = copy;
    }

    @Override
    public CompletedRestore restore(RestoreRun run) throws RestoreFailure {
        String name = run.plan().targetDatabase();
        copy.create(run, name);
        try {
            copy.fill(run, name);
            RestoredDatabaseChecks.Outcome outcome = copy.validate(run, name);
            copy.keep(run);
            return new CompletedRestore(run.manifest().backupId(), name, outcome);
        } catch (RestoreFailure failure) {
            copy.dropQuietly(run, name);
            throw failure;
        }
    }
}
