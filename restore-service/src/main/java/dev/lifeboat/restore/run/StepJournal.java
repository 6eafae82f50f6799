package dev.lifeboat.restore.run;

import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;

/**
 * Runs the steps of one restore and records each in the journal with its timing and outcome: OK with its
 * details (a sentence for a person, never an object's {@code toString}), or FAILED with the failure's code and message (an I/O error becomes an INTERNAL failure of the step).
 */
public final class StepJournal {

    private final RestoreJournal journal;
    private final RestoreAttempt attempt;
    private RestoreStep current = RestoreStep.RESOLVE_SOURCE;

    /** @param attempt the attempt whose steps these are: once it no longer owns the run, recording one fails ({@code TakenOver}) */
    public StepJournal(RestoreJournal journal, RestoreAttempt attempt) {
        this.journal = journal;
        this.attempt = attempt;
    }

    /** The step running, or the last one that ran. */
    public RestoreStep current() {
        return current;
    }

    /** Runs a step whose result is its details: a sentence saying what it did. */
    public String run(RestoreStep step, Work<String> work) throws RestoreFailure {
        return run(step, work, Function.identity());
    }

    public <T> T run(RestoreStep step, Work<T> work, Function<T, String> details) throws RestoreFailure {
        current = step;
        Instant start = Instant.now();
        try {
            T result = work.run();
            try {
                journal.step(attempt, step, start, true, details.apply(result));
            } catch (RuntimeException notRecorded) {
                closeQuietly(result); // a lock taken by a step this attempt may no longer record is let go at once
                throw notRecorded;
            }
            return result;
        } catch (RestoreFailure failure) {
            journal.step(attempt, step, start, false, failure.code() + ": " + failure.getMessage());
            throw failure;
        } catch (IOException e) {
            RestoreFailure failure = new RestoreFailure(step, "INTERNAL", e.getMessage(), e);
            journal.step(attempt, step, start, false, failure.getMessage());
            throw failure;
        }
    }

    private static void closeQuietly(Object result) {
        if (result instanceof AutoCloseable held) {
            try {
                held.close();
            } catch (Exception ignored) {
                // the step's own failure is the one reported
            }
        }
    }

    /** The work of one step. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws RestoreFailure, IOException;
    }
}
