package dev.lifeboat.verifier.changearchive;

import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.events.verification.VerificationFailed;
import dev.lifeboat.events.verification.VerificationPassed;
import dev.lifeboat.service.stopping.EndsBeforeStop;
import dev.lifeboat.verifier.config.EncryptionConfig;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.verifier.freshness.WatchedDatabase;
import dev.lifeboat.verifier.freshness.WatchedDatabases;
import dev.lifeboat.verifier.metrics.VerifierMetrics;
import dev.lifeboat.verifier.publishing.VerificationEvents;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows each watched database's change archive (point-in-time restore) as it grows: every new segment is read back
 * whole (its SHA-256, each encrypted part's tag, its transactions as many as its manifest says) and must start where
 * the one before ended, unless a gap recorded there explains the break (a lost slot). What it reached is the
 * freshness watch's point; a damaged segment or a break is reported once as {@code VerificationFailed(CHANGE_ARCHIVE)},
 * and its repair once as {@code VerificationPassed(CHANGE_ARCHIVE)}. Blocking (S3): a scheduled worker thread.
 */
@ApplicationScoped
public class ChangeArchiveCheck {

    private static final Logger LOG = Logger.getLogger(ChangeArchiveCheck.class);

    private final WatchedDatabases watched;
    private final ChangeArchive archive;
    private final ArchiveKeyring keyring;
    private final VerificationEvents events;
    private final VerifierMetrics metrics;
    private final VerifierConfig config;

    public ChangeArchiveCheck(WatchedDatabases watched, BucketObjects bucket, EncryptionConfig encryption, VerificationEvents events,
                              VerifierMetrics metrics, VerifierConfig config) {
        this.watched = watched;
        this.archive = ChangeArchive.reading(bucket);
        this.keyring = new ArchiveKeyring(encryption.keys());
        this.events = events;
        this.metrics = metrics;
        this.config = config;
    }

    @EndsBeforeStop
    @Scheduled(every = "${lifeboat.tasks.change-archive-check:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        for (WatchedDatabase database : watched.all()) {
            try {
                check(database);
            } catch (IOException e) {
                LOG.warnf("The change archive of %s cannot be read now; checked again on the next run: %s", database.databaseId, e.getMessage());
            }
        }
    }

    /** Checks what is new in the database's change archive since the last run (at most the configured segments). */
    public void check(WatchedDatabase database) throws IOException {
        String id = database.databaseId;
        Lsn checked = database.archiveCheckedLsn == null ? null : Lsn.parse(database.archiveCheckedLsn);
        List<SegmentManifest> fresh = archive.segmentsFrom(id, checked == null ? Lsn.ZERO : checked);
        Instant until = database.archiveVerifiedUntil;
        String failure = null;
        int read = 0;
        List<Gap> gaps = archive.gaps(id);
        for (SegmentManifest segment : fresh) {
            if (read++ == config.changeArchiveSegmentsPerRun()) {
                break;
            }
            if (checked != null && !segment.fromLsn().equals(checked) && !explainedByGap(gaps, checked, segment)
                    && !removedByRetention(id, segment)) {
                failure = "the change archive of " + id + " is missing the changes between " + checked + " and " + segment.fromLsn()
                        + " (no gap explains it): restores to a second after " + until + " from a backup before it cannot be replayed";
                break;
            }
            failure = readBack(segment);
            if (failure != null) {
                break;
            }
            checked = segment.toLsn();
            until = segment.coveredUntil();
        }
        if (failure == null && checked != null) {
            Optional<Coverage> coverage = archive.coverage(id);
            if (coverage.isPresent() && !coverage.get().lsn().before(checked) && (until == null || coverage.get().until().isAfter(until))) {
                until = coverage.get().until();
            }
        }
        Optional<Gap> newestGap = gaps.stream().max(java.util.Comparator.comparing(Gap::foundAt));
        record(database, checked, until, failure, newestGap);
    }

    /** Null when the segment, and its transactions' summaries where it has them, read back whole; else what is wrong. */
    private String readBack(SegmentManifest segment) throws IOException {
        AtomicLong transactions = new AtomicLong();
        AtomicReference<Lsn> last = new AtomicReference<>();
        try {
            archive.read(segment, keyring::orNull, transaction -> {
                if (!transaction.commitLsn().equals(last.getAndSet(transaction.commitLsn()))) {
                    transactions.incrementAndGet(); // a transaction too large for memory is stored in parts of one commit
                }
            });
            int summarised = segment.timeline() == null ? segment.transactions() : archive.summaries(segment, keyring::orNull).size();
            if (summarised != segment.transactions()) {
                return "the change timeline of segment " + segment.segmentId() + " (" + segment.timeline().objectKey() + ") holds "
                        + summarised + " transactions where its manifest says " + segment.transactions();
            }
        } catch (IOException e) {
            if (e instanceof dev.lifeboat.archive.ArchiveIntegrityException) {
                return "change segment " + segment.objectKey() + " is damaged: " + e.getMessage();
            }
            throw e;
        } catch (Exception e) {
            return "change segment " + segment.objectKey() + " cannot be read back: " + e.getMessage();
        }
        return transactions.get() == segment.transactions() ? null : "change segment " + segment.objectKey() + " holds "
                + transactions.get() + " transactions where its manifest says " + segment.transactions();
    }

    /** A lost slot is recorded as a database-wide gap found where the new slot's stream begins. */
    private static boolean explainedByGap(List<Gap> gaps, Lsn breakStart, SegmentManifest after) {
        return gaps.stream().anyMatch(gap -> gap.table() == null && !gap.foundAtLsn().before(breakStart)
                && !gap.foundAtLsn().after(after.toLsn()));
    }

    /** Retention deleted every segment before this one (the check fell behind the window): it goes on from here. */
    private boolean removedByRetention(String databaseId, SegmentManifest segment) throws IOException {
        return archive.oldestSegmentStart(databaseId).filter(segment.fromLsn()::equals).isPresent();
    }

    private void record(WatchedDatabase database, Lsn checked, Instant until, String failure, Optional<Gap> newestGap) {
        String id = database.databaseId;
        metrics.changeArchiveBroken(id, failure != null);
        if (failure != null && !failure.equals(database.archiveFailure)) {
            LOG.errorf("Change archive check: %s", failure);
            metrics.failed(id, VerificationCheck.CHANGE_ARCHIVE.name());
            events.publish("change-archive-" + id, new VerificationFailed(UUID.randomUUID().toString(), id, null,
                    VerificationCheck.CHANGE_ARCHIVE, failure));
        } else if (failure == null && database.archiveFailure != null) {
            String details = "the change archive of " + id + " reads back whole and continuous again, up to " + until;
            LOG.infof("Change archive check: %s", details);
            events.publish("change-archive-" + id, new VerificationPassed(UUID.randomUUID().toString(), id, null,
                    VerificationCheck.CHANGE_ARCHIVE, details));
        }
        String checkedText = checked == null ? null : checked.toString();
        watched.update(id, row -> {
            row.archiveCheckedLsn = checkedText;
            row.archiveVerifiedUntil = until;
            row.archiveFailure = failure;
            row.archiveGapFrom = newestGap.map(Gap::from).orElse(null);
            row.archiveGapFoundAt = newestGap.map(Gap::foundAt).orElse(null);
        });
    }
}
