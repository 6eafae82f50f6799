package dev.lifeboat.verifier.restoretest;

import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ChangeReplay;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.replay.ReplayLanes;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.replay.RestorableWindow;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.Gap;
import dev.lifeboat.changes.segment.SegmentSpan;
import dev.lifeboat.verifier.config.EncryptionConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A restore test of a database captured for point-in-time restore goes on past its backup: the change archive is
 * replayed onto the restored copy up to a second drawn at random from the seconds that backup reaches, so a restore
 * test proves the archive replays too, not only the backup. Blocking (S3, JDBC): the restore-test worker's thread.
 */
@ApplicationScoped
public class RandomSecondReplay {

    private static final int DRAWS = 20;

    private final ChangeArchive archive;
    private final ArchiveKeyring keyring;

    public RandomSecondReplay(BucketObjects bucket, EncryptionConfig encryption) {
        this.archive = ChangeArchive.reading(bucket);
        this.keyring = new ArchiveKeyring(encryption.keys());
    }

    /** The replay to a random whole second the backup reaches; empty when it reaches none (not aligned, nothing archived after it). */
    public Optional<ReplayPlan> plan(BackupManifest backup) throws IOException {
        if (backup.streamLsn() == null) {
            return Optional.empty();
        }
        String databaseId = backup.databaseId();
        List<SegmentSpan> segments = archive.spans(databaseId);
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        Optional<Coverage> coverage = archive.coverage(databaseId);
        List<Gap> gaps = archive.gaps(databaseId);
        Lsn base = Lsn.parse(backup.streamLsn());
        RestorableWindow window = RestorableWindow.of(List.of(new RestorableWindow.AlignedBackup(backup.backupId(), base,
                backup.completedAt())), segments, coverage, gaps);
        if (window.from() == null) {
            return Optional.empty();
        }
        long first = window.from().getEpochSecond() + (window.from().getNano() > 0 ? 1 : 0);
        long last = window.to().getEpochSecond();
        for (int draw = 0; draw < DRAWS && first <= last; draw++) {
            Instant moment = Instant.ofEpochSecond(ThreadLocalRandom.current().nextLong(first, last + 1));
            try {
                return Optional.of(ReplayPlan.plan(base, moment, segments, coverage, gaps));
            } catch (NotCoveredException e) {
                // a second inside a gap: draw again
            }
        }
        return Optional.empty();
    }

    /**
     * Applies the plan to the restored copy (every table the archive holds), and leaves the rate it measured for the
     * capture's replay budget.
     */
    public ArchiveReplay.Reached replay(Connection restored, ReplayLanes lanes, ReplayPlan plan, String databaseId) throws Exception {
        ArchiveReplay.Reached reached = ArchiveReplay.run(plan, archive, keyring::orNull, new ChangeReplay(restored, null, lanes));
        ArchiveReplay.recordRate(archive, databaseId, reached);
        return reached;
    }
}
