package dev.lifeboat.backup.dump;

import dev.lifeboat.backup.failure.FailureCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** pg_dump's stderr, as it reads in each case, decides the failure code a BackupFailed carries (and whether it is retried). */
class PgDumpFailureCodeTest {

    @Test
    void aServerShuttingDownOrRestartingMidDumpIsAConnectionFailure() {
        // As the fault run saw it: the target restarted while the backup was starting its dump.
        assertThat(PgDumpProcess.classify("pg_dump: error: connection to server at \"127.0.0.1\", port 39285 failed: "
                + "FATAL:  the database system is shutting down")).isEqualTo(FailureCode.CONNECTION_FAILED);
        assertThat(PgDumpProcess.classify("pg_dump: error: Dumping the contents of table \"blob\" failed: PQgetResult() failed.\n"
                + "pg_dump: detail: Error message from server: FATAL:  terminating connection due to administrator command\n"
                + "pg_dump: detail: Command was: COPY public.blob (id, b) TO stdout;")).isEqualTo(FailureCode.CONNECTION_FAILED);
        assertThat(PgDumpProcess.classify("pg_dump: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: "
                + "FATAL:  the database system is starting up")).isEqualTo(FailureCode.CONNECTION_FAILED);
        assertThat(PgDumpProcess.classify("pg_dump: error: query failed: server closed the connection unexpectedly\n"
                + "\tThis probably means the server terminated abnormally")).isEqualTo(FailureCode.CONNECTION_FAILED);
    }

    @Test
    void aRefusedPasswordOrPrivilegeIsNamedAsSuch() {
        assertThat(PgDumpProcess.classify("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: "
                + "FATAL:  password authentication failed for user \"backup\"")).isEqualTo(FailureCode.AUTHENTICATION_FAILED);
        assertThat(PgDumpProcess.classify("pg_dump: error: query failed: ERROR:  permission denied for table orders"))
                .isEqualTo(FailureCode.PERMISSION_DENIED);
    }

    @Test
    void anythingElseIsADumpFailure() {
        assertThat(PgDumpProcess.classify("pg_dump: error: aborting because of server version mismatch")).isEqualTo(FailureCode.DUMP_FAILED);
        assertThat(PgDumpProcess.classify("")).isEqualTo(FailureCode.DUMP_FAILED);
    }
}
