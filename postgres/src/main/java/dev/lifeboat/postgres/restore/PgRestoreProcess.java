package dev.lifeboat.postgres.restore;

import dev.lifeboat.runtime.process.ChildProcess;
import dev.lifeboat.postgres.connect.PgConnection;

import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.postgres.restore.PgRestoreException.Code;
import dev.lifeboat.postgres.process.ChildProcesses;
import dev.lifeboat.runtime.secret.Redaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * {@code pg_restore} as a child process, fed the plaintext archive on its stdin as it streams from the
 * bucket (read ahead of it on a thread of its own, {@link PlaintextReadAhead}), or reading a staged archive file with
 * parallel jobs. The archive is read to its end even when {@code pg_restore} stops
 * reading early, so its checksum is always checked; a checksum or tag mismatch fails the restore. The
 * password goes in the child's environment, never on its command line; stderr is kept for the message,
 * with secrets removed. Blocking: call it on a worker thread.
 */
public final class PgRestoreProcess {

    private static final int STDERR_KEPT = 16 * 1024;
    private static final int STOPPED = 128 + 15; // the exit of a child stopped by Process.destroy() (SIGTERM)

    private final String executable;
    private final boolean noOwner;
    private final String applicationName;

    /**
     * @param executable      the {@code pg_restore} to run (same major version as the servers, or newer)
     * @param noOwner         restore without ownership and privileges ({@code --no-owner --no-acl})
     * @param applicationName what the server shows in {@code pg_stat_activity}
     */
    public PgRestoreProcess(String executable, boolean noOwner, String applicationName) {
        this.executable = executable;
        this.noOwner = noOwner;
        this.applicationName = applicationName;
    }

    /** Restores into {@code database} everything in the archive, or only the entries of {@code useList}; returns plaintext bytes read. */
    public long restore(PgConnection server, String database, Optional<Path> useList, InputStream plaintext) throws PgRestoreException {
        return run(restoreCommand(server, database, useList), server, plaintext, null, true);
    }

    List<String> restoreCommand(PgConnection server, String database, Optional<Path> useList) {
        List<String> command = new ArrayList<>(List.of(executable, "--exit-on-error", "--no-password",
                "--host=" + server.host(), "--port=" + server.port(), "--username=" + server.username(), "--dbname=" + database));
        if (noOwner) {
            command.addAll(List.of("--no-owner", "--no-acl"));
        }
        useList.ifPresent(list -> command.add("--use-list=" + list));
        return command;
    }

    /**
     * Restores from a plaintext archive in a file with {@code jobs} parallel jobs ({@code pg_restore --jobs}): tables'
     * rows, indexes and constraints are loaded side by side. The file must be checked already; the data offsets a dump
     * to a pipe lacks are written into it first ({@link DataOffsets}), so each job seeks to its table's rows.
     */
    public void restore(PgConnection server, String database, Optional<Path> useList, Path archive, int jobs) throws PgRestoreException {
        if (jobs > 1) {
            try {
                DataOffsets.fill(archive);
            } catch (IOException e) {
                throw new PgRestoreException(Code.STORAGE_FAILED, "cannot read the staged archive " + archive + ": " + e.getMessage(), e);
            }
        }
        List<String> command = restoreCommand(server, database, useList);
        command.add("--jobs=" + Math.max(1, jobs));
        command.add(archive.toString());
        run(command, server, null, null, false);
    }

    /** The archive's table of contents ({@code pg_restore --list}); only its start is read. */
    public String list(InputStream plaintext) throws PgRestoreException {
        return list(plaintext, false);
    }

    /**
     * The archive's table of contents, with the whole archive read: its checksum and encryption tags are
     * checked to the last byte, and a mismatch fails here as it would in a restore.
     */
    public String listWholeArchive(InputStream plaintext) throws PgRestoreException {
        return list(plaintext, true);
    }

    /**
     * The SQL of the entries a {@code --use-list} names, as a script ({@code pg_restore --use-list=… --file=-}):
     * for entries without data (constraints, partition attachments) only the archive's start is read.
     */
    public String script(InputStream plaintext, Path useList) throws PgRestoreException {
        return printed(List.of(executable, "--use-list=" + useList, "--file=-"), plaintext, false);
    }

    /** As {@link #script}, the whole archive read, what pg_restore prints going to {@code reader} as it prints it. */
    long script(InputStream plaintext, Path useList, StdoutReader reader) throws PgRestoreException {
        List<String> command = List.of(executable, "--exit-on-error", "--use-list=" + useList, "--file=-");
        return run(command, null, plaintext, ProcessBuilder.Redirect.PIPE, true, reader);
    }

    private String list(InputStream plaintext, boolean wholeArchive) throws PgRestoreException {
        return printed(List.of(executable, "--list"), plaintext, wholeArchive);
    }

    private String printed(List<String> command, InputStream plaintext, boolean wholeArchive) throws PgRestoreException {
        Path out = temporaryFile("out");
        try {
            run(command, null, plaintext, out, wholeArchive);
            return new String(Files.readAllBytes(out), StandardCharsets.UTF_8); // another encoding's names replaced, not refused
        } catch (IOException e) {
            throw new PgRestoreException(Code.PG_RESTORE_FAILED, "cannot read what pg_restore printed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(out);
        }
    }

    private long run(List<String> command, PgConnection server, InputStream plaintext, Path stdoutFile, boolean wholeArchive)
            throws PgRestoreException {
        return run(command, server, plaintext, stdoutFile != null ? ProcessBuilder.Redirect.to(stdoutFile.toFile())
                : ProcessBuilder.Redirect.DISCARD, wholeArchive, null);
    }

    /** What reads a child's stdout (a pipe) on a thread of its own while the archive is fed to it. */
    @FunctionalInterface
    interface StdoutReader {
        void read(Process process) throws PgRestoreException, InterruptedException;
    }

    /**
     * Runs a pg_restore, feeding it the plaintext when there is one (read to its end if {@code wholeArchive}), its
     * stdout to {@code stdout} or, with a reader, to the reader on a thread of its own. A reader that fails stops
     * the child; its failure is the run's, unless the child failed first.
     *
     * @return plaintext bytes fed
     */
    long run(List<String> command, PgConnection server, InputStream plaintext, ProcessBuilder.Redirect stdout,
             boolean wholeArchive, StdoutReader reader) throws PgRestoreException {
        Path stderr = temporaryFile("stderr");
        ProcessBuilder builder = ChildProcesses.connectingAs(new ProcessBuilder(command), server, applicationName)
                .redirectError(stderr.toFile())
                .redirectOutput(stdout);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(stderr);
            throw new PgRestoreException(Code.PG_RESTORE_FAILED, "cannot start " + executable + ": " + e.getMessage(), e);
        }
        CompletableFuture<Void> read = reader == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> {
            try {
                reader.read(process);
            } catch (PgRestoreException | InterruptedException e) {
                throw new CompletionException(e);
            }
        }, task -> {
            Thread thread = new Thread(task, "lifeboat-pg_restore-stdout");
            thread.setDaemon(true);
            thread.start();
        }).whenComplete((done, failed) -> {
            if (failed != null) {
                process.destroy(); // it may be blocked writing to a pipe no one reads any more
            }
        });
        try {
            long fed = plaintext == null ? nothingToFeed(process) : feed(plaintext, process, wholeArchive);
            int exit = process.waitFor();
            if (exit == STOPPED) {
                readerOutcome(read); // a reader that failed stopped it: its failure is the run's
            }
            if (exit != 0) {
                throw new PgRestoreException(Code.PG_RESTORE_FAILED,
                        "pg_restore exited with " + exit + ": " + Redaction.redact(tail(stderr), server == null ? null : server.password()).strip());
            }
            readerOutcome(read);
            return fed;
        } catch (ArchiveIntegrityException e) {
            throw new PgRestoreException(switch (e.check()) {
                case CHECKSUM -> Code.CHECKSUM;
                case ENCRYPTION_TAG -> Code.ENCRYPTION_TAG;
                case KEY -> Code.KEY_UNAVAILABLE;
            }, e.getMessage(), e);
        } catch (IOException e) {
            throw new PgRestoreException(Code.STORAGE_FAILED, "reading the archive failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgRestoreException(Code.INTERRUPTED, "interrupted while pg_restore ran");
        } finally {
            ChildProcess.stop(process);
            awaitQuietly(read);
            deleteQuietly(stderr);
        }
    }

    /** Waits for a stdout reader of a child that has stopped: it ends at the pipe's end, its failure told already or moot. */
    private static void awaitQuietly(CompletableFuture<Void> read) {
        try {
            read.join();
        } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
            // told by readerOutcome, or the run failed for another reason first
        }
    }

    /** The stdout reader's failure, which explains a child stopped for it better than the child's exit does. */
    private static void readerOutcome(CompletableFuture<Void> read) throws PgRestoreException, InterruptedException {
        try {
            read.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
            if (cause instanceof PgRestoreException failure) {
                throw failure;
            }
            throw new PgRestoreException(cause instanceof InterruptedException ? Code.INTERRUPTED : Code.INTERNAL,
                    "reading pg_restore's output failed: " + cause, cause);
        }
    }

    /**
     * Writes the plaintext to the child's stdin. When the child stops reading (it has all it needs, or
     * it failed), a failed child ends the feed; a successful one has the rest read and discarded when the
     * whole archive is wanted, so the checksum at the end of the stream is checked.
     */
    private static long feed(InputStream plaintext, Process process, boolean wholeArchive) throws IOException, InterruptedException {
        long total = 0;
        OutputStream stdin = process.getOutputStream();
        boolean childReads = true;
        try (PlaintextReadAhead ahead = new PlaintextReadAhead(plaintext)) {
            for (PlaintextReadAhead.Chunk chunk; (chunk = ahead.next()) != null; ahead.recycle(chunk)) {
                total += chunk.length();
                if (childReads) {
                    try {
                        stdin.write(chunk.bytes(), 0, chunk.length());
                    } catch (IOException childStopped) {
                        childReads = false;
                        if (!wholeArchive || process.waitFor() != 0) {
                            return total;
                        }
                    }
                }
            }
        }
        try {
            stdin.close();
        } catch (IOException alreadyClosed) {
            // the child closed its end first
        }
        return total;
    }

    private static long nothingToFeed(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // the child reads a file, not its stdin
        }
        return 0;
    }

    private static String tail(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - STDERR_KEPT);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    static Path temporaryFile(String what) throws PgRestoreException {
        try {
            return Files.createTempFile("lifeboat-pg_restore-", "." + what);
        } catch (IOException e) {
            throw new PgRestoreException(Code.INTERNAL, "cannot create a file for pg_restore's " + what + ": " + e.getMessage(), e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a few bytes of stderr in the temp folder
        }
    }
}
