package dev.lifeboat.postgres.dump;

import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.postgres.copytext.CopyOutput;
import dev.lifeboat.postgres.process.ChildProcesses;
import dev.lifeboat.runtime.process.ChildProcess;
import dev.lifeboat.runtime.process.OutputTail;
import dev.lifeboat.runtime.secret.Redaction;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code pg_dump} in custom format, uncompressed (Lifeboat compresses), reading the exported snapshot,
 * as a child process whose stdout is the archive. The password goes in the child's environment, never
 * on its command line; stderr is kept (its last 16 KiB) for the failure message, with secrets removed.
 */
public final class PgDumpProcess implements AutoCloseable {

    private final Process process;
    private final OutputTail stderr;
    private final String password;

    private PgDumpProcess(Process process, OutputTail stderr, String password) {
        this.process = process;
        this.stderr = stderr;
        this.password = password;
    }

    /**
     * Starts {@code pg_dump} of {@code database} on {@code server}, reading the exported {@code snapshot}.
     *
     * @param pgDump the {@code pg_dump} executable (of the server's major version)
     */
    public static PgDumpProcess start(String pgDump, PgConnection server, String database, String snapshot) throws PgDumpException {
        ProcessBuilder builder = ChildProcesses.connectingAs(new ProcessBuilder(command(pgDump, server, database, snapshot)),
                server, "lifeboat backup");
        // timestamptz rows print in one zone whatever the server's default, as the row digests' check prints them
        builder.environment().put("PGTZ", CopyOutput.DUMP_TIME_ZONE);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new PgDumpProcess(process, OutputTail.follow(process.getErrorStream(), "pg_dump-stderr"), server.password());
        } catch (IOException e) {
            throw new PgDumpException(PgDumpException.Problem.DUMP_FAILED, "cannot start " + pgDump + ": " + e.getMessage());
        }
    }

    static List<String> command(String pgDump, PgConnection server, String database, String snapshot) {
        return List.of(pgDump, "--format=custom", "--compress=0", "--snapshot=" + snapshot, "--no-password",
                "--host=" + server.host(), "--port=" + server.port(), "--username=" + server.username(), "--dbname=" + database);
    }

    /** The archive, as {@code pg_dump} writes it. */
    public InputStream archive() {
        return process.getInputStream();
    }

    /** Waits for the exit; a non-zero exit is a failure whose message is {@code pg_dump}'s redacted stderr. */
    public void awaitSuccess() throws PgDumpException {
        try {
            int exit = process.waitFor();
            String errors = Redaction.redact(stderr.text(), password).strip();
            if (exit != 0) {
                throw new PgDumpException(classify(errors), "pg_dump exited with " + exit + ": " + errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new PgDumpException(PgDumpException.Problem.INTERRUPTED, "interrupted while waiting for pg_dump");
        }
    }

    /**
     * What libpq and the server say when the connection is refused, cut or ended by a shutdown or restart
     * ({@code 57P01 admin_shutdown}, {@code 57P03 cannot_connect_now}): the server was not there, which a retry may
     * find it again, as opposed to a dump that failed on what it read.
     */
    private static final List<String> CONNECTION_LOST = List.of("could not connect", "connection refused",
            "server closed the connection", "no connection to the server", "could not receive data from server",
            "ssl connection has been closed unexpectedly", "terminating connection due to administrator command",
            "the database system is shutting down", "the database system is starting up",
            "the database system is in recovery mode", "terminating connection because of crash of another server process");

    static PgDumpException.Problem classify(String stderr) {
        String text = stderr.toLowerCase(Locale.ROOT);
        if (text.contains("permission denied")) {
            return PgDumpException.Problem.PERMISSION_DENIED;
        }
        if (text.contains("password authentication failed")) {
            return PgDumpException.Problem.AUTHENTICATION_FAILED;
        }
        if (CONNECTION_LOST.stream().anyMatch(text::contains)) {
            return PgDumpException.Problem.CONNECTION_LOST;
        }
        return PgDumpException.Problem.DUMP_FAILED;
    }

    /** Stops the child if it still runs (after a failure elsewhere in the pipeline). */
    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
