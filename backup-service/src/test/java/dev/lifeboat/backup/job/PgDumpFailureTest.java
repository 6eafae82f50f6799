package dev.lifeboat.backup.job;

import dev.lifeboat.backup.failure.BackupFailure;
import dev.lifeboat.backup.failure.FailureCode;
import dev.lifeboat.postgres.dump.PgDumpException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What pg_dump's stderr named (postgres' PgDumpProblemTest) becomes the failure code a BackupFailed carries, and its retry. */
class PgDumpFailureTest {

    @Test
    void eachProblemPgDumpNamesBecomesTheFailureCodeOfTheSameMeaning() {
        assertThat(code(PgDumpException.Problem.CONNECTION_LOST)).isEqualTo(FailureCode.CONNECTION_FAILED);
        assertThat(code(PgDumpException.Problem.AUTHENTICATION_FAILED)).isEqualTo(FailureCode.AUTHENTICATION_FAILED);
        assertThat(code(PgDumpException.Problem.PERMISSION_DENIED)).isEqualTo(FailureCode.PERMISSION_DENIED);
        assertThat(code(PgDumpException.Problem.DUMP_FAILED)).isEqualTo(FailureCode.DUMP_FAILED);
        assertThat(code(PgDumpException.Problem.INTERRUPTED)).isEqualTo(FailureCode.INTERNAL);
    }

    @Test
    void theFailureKeepsPgDumpsOwnMessage() {
        BackupFailure failure = BackupJob.failureOf(new PgDumpException(PgDumpException.Problem.DUMP_FAILED, "pg_dump exited with 1: boom"));

        assertThat(failure.getMessage()).contains("pg_dump exited with 1: boom");
    }

    private static FailureCode code(PgDumpException.Problem problem) {
        return BackupJob.failureOf(new PgDumpException(problem, "pg_dump said so")).code();
    }
}
