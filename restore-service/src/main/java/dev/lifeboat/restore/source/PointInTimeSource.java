package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.InPlaceRestore;
import dev.lifeboat.changes.segment.SegmentSpan;
import dev.lifeboat.changes.segment.TransactionSummary;
import dev.lifeboat.changes.timeline.ChangeTimeline;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.restore.config.EncryptionConfig;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * POINT_IN_TIME for a database whose changes are captured: the newest backup aligned to the change stream at or before
 * the moment, and the plan that replays the archive onto it up to that moment ({@link ReplayPlan}). A moment the archive
 * cannot reach exactly (inside a gap, past what it holds yet) is refused with why; a moment before the capture began is
 * restored from backups alone, as for a database not captured. Blocking (S3): worker threads only.
 */
@ApplicationScoped
public class PointInTimeSource {

    private final ChangeArchive archive;
    private final BackupObjects objects;
    private final ChangeArchive copyArchive;
    private final BackupSelection selection;
    private final ArchiveKeyring keyring;
    private final RestoreConfig config;

    public PointInTimeSource(BackupObjects objects, BackupSelection selection, EncryptionConfig encryption, RestoreConfig config) {
        this.config = config;
        this.objects = objects;
        this.archive = ChangeArchive.reading(objects.bucket());
        this.copyArchive = objects.copy().map(copy -> ChangeArchive.reading(copy.bucket())).orElse(null);
        this.selection = selection;
        this.keyring = new ArchiveKeyring(encryption.keys());
    }

    /**
     * Leaves word in the change archive that a captured database is about to be restored in place: its capture, which
     * then finds its slot on the database set aside, names the restore in its gap and asks for an AFTER_RESTORE backup.
     */
    public void recordInPlaceRestore(InPlaceRestore restore) throws IOException {
        archive.recordInPlaceRestore(restore);
    }

    /**
     * The backup and the replay that reach the moment exactly (or stop just before the transaction named); empty when the
     * archive does not apply.
     */
    public Optional<PointInTimeRestore> plan(String databaseId, RestoreSource source) throws RestoreFailure {
        if (source.kind() != RestoreSource.Kind.POINT_IN_TIME) {
            return Optional.empty();
        }
        try {
            return plan(databaseId, source, archive, objects, null);
        } catch (RestoreFailure primary) {
            // only a primary that did not answer: a second it refuses (a gap it recorded, changes it lacks) is refused,
            // whatever the copy, which may not have that word yet
            Optional<BackupObjects> copy = "STORAGE_FAILED".equals(primary.code()) ? objects.copyAfter(primary) : Optional.empty();
            if (copy.isEmpty()) {
                throw primary;
            }
            Optional<PointInTimeRestore> fromCopy;
            try {
                fromCopy = plan(databaseId, source, copyArchive, copy.get(), primary.asReasonToReadTheCopy());
            } catch (RestoreFailure second) {
                throw primary.withCopyAnswer(second);
            }
            // a copy that holds none of the change archive there cannot tell a second from before the capture: never a
            // restore of backups alone in place of the refused second
            return Optional.of(fromCopy.orElseThrow(() -> primary.withCopyAnswer("it holds no change archive of " + databaseId)));
        }
    }

    /** The plan from one bucket: its change archive, and its aligned backup. */
    private Optional<PointInTimeRestore> plan(String databaseId, RestoreSource source, ChangeArchive archive, BackupObjects from,
                                              String copyBecause) throws RestoreFailure {
        try {
            List<SegmentSpan> segments = archive.spans(databaseId); // listed once: the transaction is found in what is planned
            Optional<TransactionSummary> named = source.beforeTransaction() == null ? Optional.empty()
                    : Optional.of(named(archive, databaseId, segments, source));
            Optional<Lsn> before = named.map(TransactionSummary::commitLsn);
            RestoreSource moment = named.isEmpty() ? source : new RestoreSource(RestoreSource.Kind.POINT_IN_TIME, null,
                    named.get().commitTime(), source.includeSafetyBackups());
            Optional<Coverage> coverage = archive.coverage(databaseId);
            // nothing committed since the capture began: its heartbeat alone says how far the archive is complete, as
            // the restorable window reads it (the aligned backup is then exactly every second up to there)
            boolean idleSinceItBegan = segments.isEmpty();
            if (before.isEmpty() && (idleSinceItBegan ? coverage.isEmpty() : moment.pointInTime().isBefore(segments.get(0).firstCommitTime()))) {
                return Optional.empty(); // a second before the capture began (a named transaction is in the archive)
            }
            BackupSelection.Choice choice;
            try {
                choice = selection.chooseAligned(databaseId, moment, from);
            } catch (RestoreFailure noAlignedBackup) {
                if (idleSinceItBegan) {
                    return Optional.empty(); // before the first aligned backup of an idle capture: before it began
                }
                throw noAlignedBackup;
            }
            BackupManifest backup = choice.manifest();
            Lsn base = Lsn.parse(backup.streamLsn());
            ReplayPlan plan = before.isPresent()
                    ? ReplayPlan.before(base, before.get(), moment.pointInTime(), segments, archive.gaps(databaseId))
                    : ReplayPlan.plan(base, moment.pointInTime(), segments, coverage, archive.gaps(databaseId));
            return Optional.of(new PointInTimeRestore(backup, choice.reason() + ", then its changes replayed to "
                    + before.map(lsn -> "just before the transaction that committed at " + lsn + " (" + moment.pointInTime() + ")")
                    .orElse(moment.pointInTime().toString()) + " (" + plan.segments().size() + " change segments)", plan, archive,
                    keyring, config.jobsFor(databaseId), from, copyBecause));
        } catch (NotCoveredException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "NOT_RESTORABLE_TO_THE_SECOND", e.getMessage());
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "STORAGE_FAILED", "reading the change archive failed: " + e.getMessage(), e);
        }
    }

    /**
     * The transaction {@code beforeTransaction} names, from the change timeline: by its commit position, or by its id
     * ({@link NamedTransaction}: refused when the archive holds none, or several of that id).
     */
    private TransactionSummary named(ChangeArchive archive, String databaseId, List<SegmentSpan> segments, RestoreSource source)
            throws NotCoveredException, IOException, RestoreFailure {
        OptionalLong xid = source.beforeTransactionId();
        List<TransactionSummary> found;
        try {
            ChangeTimeline timeline = new ChangeTimeline(archive, keyring::orNull);
            found = xid.isPresent() ? timeline.withId(segments, xid.getAsLong())
                    : timeline.transaction(segments, Lsn.parse(source.beforeTransaction())).stream().toList();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        return NamedTransaction.one(databaseId, xid.isPresent() ? "has the id " + xid.getAsLong() : "committed at " + source.beforeTransaction(),
                found);
    }
}
