package dev.lifeboat.bench;

import dev.lifeboat.realservers.postgres.PostgresServer;

/** A PostgreSQL client tool (pg_dump, pg_restore, pgbench) or a shell pipeline of them, run against the benchmark's server. */
final class PostgresCommand {

    private PostgresCommand() {
    }

    /** Runs the command with the superuser's password in its environment; returns the seconds it took. */
    static double run(PostgresServer postgres, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("PGPASSWORD", postgres.superuserPassword());
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command).replace(postgres.superuserPassword(), "***") + " exited with " + exit);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Starts a timed run from the same state as any other: the server's dirty buffers written ({@code CHECKPOINT}) and
     * the machine's dirty pages flushed ({@code sync}), so no run pays for the writes of the one before it.
     */
    static void settle(PostgresServer postgres) throws Exception {
        postgres.execute("CHECKPOINT");
        if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("sync failed");
        }
    }

    /** {@code -h host -p port -U superuser}, for a shell pipeline. */
    static String connection(PostgresServer postgres) {
        return "-h " + postgres.host() + " -p " + postgres.port() + " -U " + postgres.superuser();
    }
}
