package dev.lifeboat.verifier.freshness;

import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import java.time.Clock;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import dev.lifeboat.verifier.publishing.VerificationEvents;
import dev.lifeboat.verifier.verification.BackupVerification;
import dev.lifeboat.verifier.verification.VerificationQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every watched database needs a verified backup inside its RPO (the verifier's setting for it, else the registry's,
 * else the default 24 h); for a database captured for point-in-time restore, a verified backup and its change archive
 * checked up to a moment inside the RPO ({@code ChangeArchiveCheck}) will do. When its
 * newest verified backup grows older than that (or it never had one, counted from when it was first
 * seen), one {@code VerificationFailed(FRESHNESS)} is sent for the breach, not one per tick; a newer
 * verified backup inside the RPO ends the breach with one {@code VerificationPassed(FRESHNESS)}. Each tick also sets the
 * database's RPO and backup-age gauges from the database, so they hold across a restart. How far each database is
 * protected is decided once, by {@link Protection#of}: the gauges, the breach events and {@code GET /api/protection}
 * (which {@code lifeboat status} reads) all show that one decision.
 */
@ApplicationScoped
public class FreshnessWatch {

    private static final Logger LOG = Logger.getLogger(FreshnessWatch.class);

    private final WatchedDatabases watched;
    private final VerificationQueue verifications;
    private final VerificationEvents events;
    private final VerifierMetrics metrics;
    private final VerifierConfig config;
    private final Clock clock;

    public FreshnessWatch(WatchedDatabases watched, VerificationQueue verifications, VerificationEvents events, VerifierMetrics metrics,
                          VerifierConfig config, Clock clock) {
        this.watched = watched;
        this.verifications = verifications;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.freshness-watch:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        Instant now = clock.instant();
        List<WatchedDatabase> all = watched.all();
        metrics.retain(all.stream().map(database -> database.databaseId).collect(Collectors.toSet()));
        for (WatchedDatabase database : all) {
            check(database, now);
        }
    }

    /** The protection of every watched database now, by id (what {@code GET /api/protection} answers). */
    public List<Protection> protections() {
        Instant now = clock.instant();
        return watched.all().stream().sorted(java.util.Comparator.comparing(database -> database.databaseId))
                .map(database -> protection(database, verifications.newestPassed(database.databaseId), now)).toList();
    }

    /** The protection of one database now; empty when the verifier does not watch it. */
    public Optional<Protection> protection(String databaseId) {
        WatchedDatabase database = watched.one(databaseId);
        return database == null ? Optional.empty()
                : Optional.of(protection(database, verifications.newestPassed(databaseId), clock.instant()));
    }

    private Protection protection(WatchedDatabase database, Optional<BackupVerification> newest, Instant now) {
        return Protection.of(database, newest.map(backup -> new Protection.VerifiedBackup(backup.backupId, backup.completedAt)).orElse(null),
                rpo(database), now);
    }

    private void check(WatchedDatabase database, Instant now) {
        String id = database.databaseId;
        Optional<BackupVerification> newest = verifications.newestPassed(id);
        Protection protection = protection(database, newest, now);
        Duration rpo = protection.rpo();
        Duration age = protection.age();
        boolean byArchive = protection.by() == Protection.By.CHANGE_ARCHIVE;
        metrics.rpo(id, age);
        metrics.watched(id, rpo);
        boolean fresh = protection.fresh();
        if (!fresh && !database.inBreach) {
            String archive = database.archiveVerifiedUntil == null ? "" : database.archiveFailure != null
                    ? "; its change archive is broken: " + database.archiveFailure
                    : "; its change archive is checked up to " + database.archiveVerifiedUntil;
            String details = newest.map(backup -> "the newest verified backup of " + id + " (" + backup.backupId + ", completed "
                    + backup.completedAt + ") is " + age.toMinutes() + " minutes old; the RPO is " + rpo.toMinutes() + " minutes")
                    .orElse(id + " has had no verified backup since it was first seen " + age.toMinutes() + " minutes ago; the RPO is "
                            + rpo.toMinutes() + " minutes") + archive;
            LOG.warnf("Freshness breach: %s", details);
            events.publish(correlationId(id, now), new VerificationFailed(UUID.randomUUID().toString(), id,
                    newest.map(backup -> backup.backupId).orElse(null), VerificationCheck.FRESHNESS, details));
            metrics.failed(id, VerificationCheck.FRESHNESS.name());
            watched.update(id, row -> {
                row.inBreach = true;
                row.breachSince = now;
                row.breachBackupId = newest.map(backup -> backup.backupId).orElse(null);
            });
        } else if (fresh && database.inBreach && newest.isPresent() && (byArchive || !newest.get().backupId.equals(database.breachBackupId))) {
            BackupVerification backup = newest.get();
            String details = (byArchive ? "the change archive of " + id + " is checked up to " + database.archiveVerifiedUntil
                    + ", after verified backup " + backup.backupId : "backup " + backup.backupId + " of " + id + " (completed "
                    + backup.completedAt + ") is verified") + " and inside the RPO of " + rpo.toMinutes() + " minutes; the breach began "
                    + database.breachSince;
            LOG.infof("Freshness recovered: %s", details);
            events.publish(correlationId(id, database.breachSince), new VerificationPassed(UUID.randomUUID().toString(), id,
                    backup.backupId, VerificationCheck.FRESHNESS, details));
            watched.update(id, row -> {
                row.inBreach = false;
                row.breachSince = null;
                row.breachBackupId = null;
            });
        }
    }

    /** A breach's failure and its recovery share one correlation id. */
    private static String correlationId(String databaseId, Instant breachSince) {
        return "freshness-" + databaseId + "-" + breachSince.getEpochSecond();
    }

    /** The verifier's own setting for the database, else the registry's RPO, else the verifier's default. */
    Duration rpo(WatchedDatabase database) {
        Duration registered = database.rpoSeconds == null ? config.rpo() : Duration.ofSeconds(database.rpoSeconds);
        VerifierConfig.DatabaseSettings own = config.databases().get(database.databaseId);
        return own == null ? registered : own.rpo().orElse(registered);
    }
}
