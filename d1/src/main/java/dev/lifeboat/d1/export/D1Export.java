package dev.lifeboat.d1.export;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.WorkFolder;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code wrangler d1 export NAME --output <pipe>} as a stream: wrangler writes its export into a named pipe that this
 * process reads as it is written, so no file on disk ever holds the export (wrangler itself holds it in memory before
 * writing). The database is held for the export's length: {@link #heldFor} says how long.
 */
public final class D1Export implements AutoCloseable {

    /** What a D1 backup's manifest names as its archive's format. */
    public static final String FORMAT = "d1-sql";

    private final Wrangler.Started wrangler;
    private final WorkFolder folder;
    private final InputStream export;
    private final long startedAt;
    private final Duration timeout;
    private long endedAt;

    private D1Export(Wrangler.Started wrangler, WorkFolder folder, InputStream export, Duration timeout, long startedAt) {
        this.wrangler = wrangler;
        this.folder = folder;
        this.export = export;
        this.timeout = timeout;
        this.startedAt = startedAt;
    }

    /**
     * Starts the export of the whole database.
     *
     * @param timeout the longest the export may take
     */
    public static D1Export start(Wrangler wrangler, D1Location database, Duration timeout) throws WranglerFailure {
        WorkFolder folder = null;
        Wrangler.Started started = null;
        try {
            folder = WorkFolder.create("lifeboat-d1-export-");
            Path pipe = folder.path().resolve("export.sql");
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).redirectErrorStream(true).start();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IOException("mkfifo failed: " + new String(mkfifo.getInputStream().readAllBytes()).strip());
            }
            long startedAt = System.nanoTime();
            started = wrangler.start(database, List.of("export", database.name(), "--output", pipe.toString()), ProcessBuilder.Redirect.DISCARD);
            return new D1Export(started, folder, openWhenWritten(pipe, started.process(), timeout), timeout, startedAt);
        } catch (IOException e) {
            close(started, folder);
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "cannot make the pipe the export streams through: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(started, folder);
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "interrupted while making the export's pipe");
        } catch (WranglerFailure | RuntimeException e) {
            close(started, folder);
            throw e;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the pipe goes with its folder
        }
    }

    private static void close(Wrangler.Started started, WorkFolder folder) {
        if (started != null) {
            started.close();
        }
        if (folder != null) {
            folder.close();
        }
    }

    /**
     * Opens the pipe for reading; opening blocks until wrangler opens it for writing, so when wrangler ends without ever
     * opening it, this process opens and closes the writing end itself: the reader then sees an empty export.
     */
    private static InputStream openWhenWritten(Path pipe, Process process, Duration timeout) throws WranglerFailure {
        CompletableFuture<InputStream> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return new FileInputStream(pipe.toFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> {
            Thread thread = new Thread(task, "d1-export-pipe");
            thread.setDaemon(true);
            thread.start();
        });
        process.onExit().thenRun(() -> {
            if (!reading.isDone()) {
                try (FileOutputStream unblock = new FileOutputStream(pipe.toFile())) {
                    unblock.flush();
                } catch (IOException ignored) {
                    // the reader opened it meanwhile
                }
            }
        });
        try {
            return reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.thenAccept(D1Export::closeQuietly); // should it open after all, nobody reads it
            throw new WranglerFailure(WranglerFailure.Reason.TIMED_OUT, "wrangler did not begin the export within " + timeout);
        } catch (ExecutionException e) {
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "cannot read the export's pipe: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "interrupted while waiting for wrangler to begin the export");
        }
    }

    /** The export, as wrangler writes it. */
    public InputStream stream() {
        return export;
    }

    /** Waits for wrangler's exit; a non-zero exit is a failure with wrangler's reason. */
    public void awaitSuccess() throws WranglerFailure {
        try {
            wrangler.awaitSuccess(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WranglerFailure(WranglerFailure.Reason.FAILED, "interrupted while waiting for wrangler's export");
        } finally {
            endedAt = System.nanoTime();
        }
    }

    /** How long the export held the database: from wrangler's start to its exit. */
    public Duration heldFor() {
        return Duration.ofNanos((endedAt == 0 ? System.nanoTime() : endedAt) - startedAt);
    }

    @Override
    public void close() {
        closeQuietly(export);
        close(wrangler, folder);
    }
}
