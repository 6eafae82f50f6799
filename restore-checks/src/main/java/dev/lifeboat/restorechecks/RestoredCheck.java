package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;

import java.util.List;

/**
 * The checks of a restored database, by the name each has in a {@link ValidationResult#check()} of
 * {@code RestoreCompleted} and of a restore-test report. (The contract's {@code VerificationCheck} names what
 * a verification event checked; a failed restore test reports its failed checks by these names in its details.)
 */
public enum RestoredCheck {
    /** Rows per table equal the manifest's. */
    ROW_COUNTS,
    /** Each table's rows, read back with COPY, have the digest the backup recorded of the rows it dumped. */
    ROW_DIGESTS,
    /** No foreign-key orphans. */
    FK_INTEGRITY,
    /** No sequence behind the column it feeds. */
    SEQUENCES,
    /** Every table and index of the archive exists. */
    SCHEMA_OBJECTS,
    /** The newest value of each freshness column is the one the backup recorded. */
    FRESHNESS_COLUMNS,
    /** A notice, passed: the materialized views the restore recomputed, where it may differ from the source. */
    MATERIALIZED_VIEWS;

    private static final int DETAILS_SHOWN = 10;

    /** {@code 1 table}, {@code 2 tables}: a count with the noun in the form it takes. */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Passed with {@code whenPassed} when there are no problems; else failed, naming the first ten and how many more. */
    ValidationResult result(List<String> problems, String whenPassed) {
        if (problems.isEmpty()) {
            return new ValidationResult(name(), true, whenPassed);
        }
        String shown = String.join("; ", problems.subList(0, Math.min(DETAILS_SHOWN, problems.size())));
        return new ValidationResult(name(), false,
                problems.size() > DETAILS_SHOWN ? shown + "; and " + (problems.size() - DETAILS_SHOWN) + " more" : shown);
    }
}
