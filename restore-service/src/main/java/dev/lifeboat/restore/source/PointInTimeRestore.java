package dev.lifeboat.restore.source;

import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.changes.replay.ArchiveReplay;
import dev.lifeboat.changes.replay.ChangeReplay;
import dev.lifeboat.changes.replay.ExpectedRows;
import dev.lifeboat.changes.replay.NotCoveredException;
import dev.lifeboat.changes.replay.ReplayException;
import dev.lifeboat.changes.replay.ReplayLanes;
import dev.lifeboat.changes.replay.ReplayPlan;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.postgres.sql.TableInheritance;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * A restore to a moment: the aligned backup to restore, and the REPLAY step that brings the restored copy from the
 * backup's stream position to the moment (only the chosen tables' changes, for TABLES).
 *
 * @param chosenBecause which backup, and that its changes are replayed
 * @param lanes         connections the replay applies its tables over at once (the restore's jobs)
 * @param from          the bucket the backup and the change archive are read from
 * @param copyBecause   when {@code from} is the second bucket's copy: the primary's failure; else null
 */
public record PointInTimeRestore(BackupManifest backup, String chosenBecause, ReplayPlan plan, ChangeArchive archive,
                                 ArchiveKeyring keyring, int lanes, BackupObjects from, String copyBecause) {

    /** What REPLAY reached, and the backup's manifest with the row counts the replayed copy must now have. */
    public record Replayed(ArchiveReplay.Reached reached, BackupManifest expected, RestoreCompleted.PointReached point) {
    }

    /** REPLAY: the archive's transactions applied to {@code database}, in commit order, up to the moment. */
    public Replayed replay(TargetServer server, String database, Set<String> tables) throws RestoreFailure {
        try (Connection target = server.open(database, "restore (replay)", RestoreStep.REPLAY)) {
            ChangeReplay replay = new ChangeReplay(target, tables,
                    new ReplayLanes(lanes, () -> server.session(database, "restore (replay)")));
            ArchiveReplay.Reached reached = ArchiveReplay.run(plan, archive, keyring::orNull, replay);
            if (copyBecause == null) { // the second bucket is the verifier's to write
                ArchiveReplay.recordRate(archive, backup.databaseId(), reached);
            }
            Map<String, Long> counts = ExpectedRows.of(target, replay.counts(), backup.tableRowCounts());
            java.util.Set<String> changed = replay.counts().changed(TableInheritance.children(target), backup.tableRowCounts().keySet());
            return new Replayed(reached, backup.replayed(counts, changed), reached.pointReached(plan));
        } catch (ReplayException | NotCoveredException e) {
            throw new RestoreFailure(RestoreStep.REPLAY, "REPLAY_FAILED", e.getMessage());
        } catch (ArchiveIntegrityException e) {
            throw new RestoreFailure(RestoreStep.REPLAY, "CHECKSUM_MISMATCH", "a change segment failed its check: " + e.getMessage());
        } catch (SQLException e) {
            throw server.failure(RestoreStep.REPLAY, database, e);
        } catch (RestoreFailure e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new RestoreFailure(RestoreStep.REPLAY, "STORAGE_FAILED", "reading the change archive failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new RestoreFailure(RestoreStep.REPLAY, "INTERNAL", "replay failed unexpectedly: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }
}
