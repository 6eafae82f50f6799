package dev.lifeboat.postgres.dump;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** pg_dump's stderr, as it reads in each case, decides the problem named (backup-service's failure code, and whether it retries). */
class PgDumpProblemTest {

    @Test
    void aServerShuttingDownOrRestartingMidDumpIsAConnectionFailure() {
        // As the fault run saw it: the target restarted while the backup was starting its dump.
        assertThat(PgDumpProcess.classify("pg_dump: error: connection to server at \"127.0.0.1\", port 39285 failed: "
                + "FATAL:  the database system is shutting down")).isEqualTo(PgDumpException.Problem.CONNECTION_LOST);
        assertThat(PgDumpProcess.classify("pg_dump: error: Dumping the contents of table \"blob\" failed: PQgetResult() failed.\n"
                + "pg_dump: detail: Error message from server: FATAL:  terminating connection due to administrator command\n"
                + "pg_dump: detail: Command was: COPY public.blob (id, b) TO stdout;")).isEqualTo(PgDumpException.Problem.CONNECTION_LOST);
        assertThat(PgDumpProcess.classify("pg_dump: error: connection to server at \"db\" (10.0.0.5), port 5432 failed: "
                + "FATAL:  the database system is starting up")).isEqualTo(PgDumpException.Problem.CONNECTION_LOST);
        assertThat(PgDumpProcess.classify("pg_dump: error: query failed: server closed the connection unexpectedly\n"
                + "\tThis probably means the server terminated abnormally")).isEqualTo(PgDumpException.Problem.CONNECTION_LOST);
    }

    @Test
    void aRefusedPasswordOrPrivilegeIsNamedAsSuch() {
        assertThat(PgDumpProcess.classify("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: "
                + "FATAL:  password authentication failed for user \"backup\"")).isEqualTo(PgDumpException.Problem.AUTHENTICATION_FAILED);
        assertThat(PgDumpProcess.classify("pg_dump: error: query failed: ERROR:  permission denied for table orders"))
                .isEqualTo(PgDumpException.Problem.PERMISSION_DENIED);
    }

    @Test
    void anythingElseIsADumpFailure() {
        assertThat(PgDumpProcess.classify("pg_dump: error: aborting because of server version mismatch")).isEqualTo(PgDumpException.Problem.DUMP_FAILED);
        assertThat(PgDumpProcess.classify("")).isEqualTo(PgDumpException.Problem.DUMP_FAILED);
    }
}
