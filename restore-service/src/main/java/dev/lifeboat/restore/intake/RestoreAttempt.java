package dev.lifeboat.restore.intake;

/**
 * One attempt at a restore run: what each write of the run names, so that the journal refuses it ({@link TakenOver})
 * once a newer attempt owns the run.
 *
 * @param attempt 1 for the worker that claimed the request, one more for each recovery that took over its stale run
 */
public record RestoreAttempt(String restoreId, int attempt) {

    @Override
    public String toString() {
        return restoreId + "#" + attempt;
    }
}
