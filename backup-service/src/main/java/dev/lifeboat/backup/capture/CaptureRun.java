package dev.lifeboat.backup.capture;

import dev.lifeboat.backup.config.CaptureConfig;
import dev.lifeboat.backup.registry.RegisteredDatabase;
import dev.lifeboat.changes.capture.CaptureException;
import dev.lifeboat.changes.capture.CaptureSettings;
import dev.lifeboat.changes.capture.ChangeCapture;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.slot.CaptureNames;
import dev.lifeboat.changes.slot.CaptureSetup;
import dev.lifeboat.postgres.connect.ConnectionProblem;
import dev.lifeboat.backup.connect.TargetConnections;
import dev.lifeboat.postgres.connect.PgConnection;
import dev.lifeboat.runtime.secret.DatabaseSecrets;
import dev.lifeboat.runtime.secret.Redaction;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One database's capture on this replica: a thread of its own runs {@link ChangeCapture} (it blocks on the stream),
 * and after a failure tries again with the back-off of {@link CaptureRetries}, until it is stopped. What
 * happens is told to its {@link CaptureReport}.
 */
final class CaptureRun implements Runnable {

    private static final Logger LOG = Logger.getLogger(CaptureRun.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    /** Why an attempt ended; {@code lasting}: it will not pass by itself (report it at once). */
    record Failure(String code, String message, boolean lasting) {
    }

    private final RegisteredDatabase source;
    private final ChangeArchive archive;
    private final CaptureConfig config;
    private final CaptureReport report;
    private final DatabaseSecrets secrets;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long stopAskedAt;
    /** Until when this replica holds the database's capture: past it (less a margin for clocks) the capture stops by itself. */
    private volatile Instant heldUntil;

    private CaptureRun(RegisteredDatabase source, ChangeArchive archive, CaptureConfig config, CaptureReport report,
                       DatabaseSecrets secrets) {
        this.source = source;
        this.secrets = secrets;
        this.archive = archive;
        this.config = config;
        this.report = report;
        this.thread = new Thread(this, "capture-" + source.id);
        this.thread.setDaemon(true);
    }

    static CaptureRun start(RegisteredDatabase source, ChangeArchive archive, CaptureConfig config, CaptureReport report,
                            DatabaseSecrets secrets, Instant heldUntil) {
        CaptureRun run = new CaptureRun(source, archive, config, report, secrets);
        run.heldUntil = heldUntil;
        run.thread.start();
        return run;
    }

    /** Whether it reads the same database as the registration says now (else it is started again). */
    boolean reads(RegisteredDatabase registration) {
        return source.host.equals(registration.host) && source.port == registration.port
                && source.databaseName.equals(registration.databaseName) && source.username.equals(registration.username)
                && Objects.equals(source.credentialRef, registration.credentialRef)
                && Objects.equals(source.tlsMode, registration.tlsMode) && Objects.equals(source.tlsCaRef, registration.tlsCaRef);
    }

    /** The lease was renewed. */
    void heldUntil(Instant until) {
        heldUntil = until;
    }

    /** Asks it to stop: what is open is stored first. */
    void stop() {
        if (running) {
            stopAskedAt = System.nanoTime();
        }
        running = false;
    }

    /** Asked to stop longer than {@code wait} ago, and not ended. */
    boolean stoppingLongerThan(Duration wait) {
        return !running && !ended() && System.nanoTime() - stopAskedAt > wait.toNanos();
    }

    boolean ended() {
        return !thread.isAlive();
    }

    /** Waits for it to end; @return whether it did in time. */
    boolean awaitEnd(Duration wait) throws InterruptedException {
        thread.join(wait.toMillis());
        return !thread.isAlive();
    }

    /** Asked to stop, or its lease ran out (less a margin for the replicas' clocks) without being renewed. */
    private boolean proceeds() {
        return running && Instant.now().isBefore(heldUntil.minus(LEASE_MARGIN));
    }

    @Override
    public void run() {
        CaptureRetries retries = new CaptureRetries(config.retryInitialDelay(), config.retryMaxDelay(),
                config.retryMaxDelayLasting());
        Instant failingSince = null;
        while (proceeds()) {
            int startsBefore = report.starts();
            Failure failure = attempt();
            if (!proceeds()) {
                break;
            }
            Duration streamed = report.starts() != startsBefore ? report.streamedFor() : Duration.ZERO;
            if (streamed.compareTo(config.stoppedAfter()) > 0) {
                failingSince = null; // it streamed a while before it failed: not stopped since the failures before
            }
            failingSince = failingSince == null ? Instant.now() : failingSince;
            report.failed(failure, failingSince);
            measureRetainedWal();
            sleep(retries.afterFailure(streamed, failure.lasting()));
        }
        if (running) {
            LOG.warnf("Capture of %s stops: its lease was not renewed in time (another replica may take it over)", source.id);
        }
        report.ended();
    }

    private Failure attempt() {
        try {
            PgConnection connection = connection();
            CaptureSettings settings = new CaptureSettings(config.segmentBytes(), config.segmentAge(), config.heartbeat(),
                    config.tablePoll(), config.transactionMemory(), config.spillDirectory()
                    .orElse(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))));
            new ChangeCapture(source.id, connection, source.databaseName, archive, settings, report, Clock.systemUTC())
                    .run(this::proceeds);
            return new Failure("CAPTURE_FAILED", "the change stream ended", false);
        } catch (CaptureException e) {
            return new Failure("NOT_READY", e.getMessage(), true);
        } catch (SecretUnavailableException e) {
            return new Failure("CREDENTIAL_UNAVAILABLE", e.getMessage(), true);
        } catch (SQLException e) {
            return failure(e);
        } catch (IOException | UncheckedIOException e) {
            return new Failure("STORAGE_FAILED", "the change archive cannot be read or written: " + Redaction.redact(e.getMessage()), false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Capture of %s failed unexpectedly", source.id);
            return new Failure("CAPTURE_FAILED", "unexpected " + e.getClass().getSimpleName() + " in the capture; see the backup service's log", false);
        }
    }

    private PgConnection connection() throws SecretUnavailableException {
        return TargetConnections.server(source, secrets);
    }

    /**
     * While the capture does not stream its slot still holds WAL on the source, growing: measured after each failed
     * try where the server can be reached, so the metric, the API and {@code lifeboat status} see it grow.
     */
    private void measureRetainedWal() {
        try (Connection sql = connection().open(source.databaseName, "capture (WAL kept)")) {
            report.retained(CaptureSetup.retainedWal(sql, CaptureNames.of(source.id)));
        } catch (SQLException | SecretUnavailableException | RuntimeException outOfReach) {
            // the failure says why; the last figure stands
        }
    }

    private Failure failure(SQLException e) {
        String where = source.username + "@" + source.host + ":" + source.port + "/" + source.databaseName;
        String reason = Redaction.redact(String.valueOf(e.getMessage()));
        return switch (ConnectionProblem.of(e)) {
            case AUTHENTICATION_FAILED -> new Failure("AUTHENTICATION_FAILED", "authentication failed for " + where + ": " + reason, true);
            case DATABASE_NOT_FOUND -> new Failure("CONNECTION_FAILED", "database does not exist: " + where, true);
            case PERMISSION_DENIED -> new Failure("NOT_READY", "permission denied for " + where + ": " + reason, true);
            case CONNECTION_FAILED -> new Failure("CONNECTION_FAILED", "cannot connect to " + where + ": " + reason, false);
            case OTHER -> new Failure("CAPTURE_FAILED", "capture of " + where + " failed: " + reason, false);
        };
    }

    private void sleep(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (proceeds() && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
