package dev.lifeboat.restore.job;

import dev.lifeboat.archive.staging.StagedFolder;
import dev.lifeboat.archive.staging.StagingArea;
import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.export.D1Export;
import dev.lifeboat.d1.export.ExportRowCounter;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.d1.restore.BackupExport;
import dev.lifeboat.d1.restore.D1Restore;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.restore.intake.RestoreAttempt;
import dev.lifeboat.restore.intake.RestoreJournal;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.restore.registry.KnownDatabase;
import dev.lifeboat.restore.run.RolledBack;
import dev.lifeboat.restore.run.StepJournal;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.D1Targets;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

/**
 * A live D1 database's export, taken before a restore changes it, kept until the restore ends where its recovery finds
 * it: D1's twin of PostgreSQL's set-aside database. A local database is loaded in batches, so a service killed mid-load
 * leaves it holding part of the backup; its recovery puts this export back ({@link #recover}) and the restore is
 * ROLLED_BACK. The file, {@code <staging folder>/lifeboat-put-back-<restore id>.sql} (plaintext rows, its owner's only), is
 * outside what the staging sweep deletes; it is journaled once whole ({@code putBackExport}), after which the load may
 * begin, and deleted when the restore ends, unless the database was left not put back (its lock lost mid-load, or the
 * put-back failing: {@link ExportKept}, which names it). A restore into a new database journals the database once made (as
 * its staging database, until it passed its checks), and its recovery empties (locally) or deletes (remotely) it. A
 * recovery that finds the lock held (a backup exporting the database) leaves the restore RUNNING for its next round.
 */
@ApplicationScoped
public class D1PutBack {

    private static final Logger LOG = Logger.getLogger(D1PutBack.class);
    static final String PREFIX = "lifeboat-put-back-";

    private final StagingArea staging;
    private final RestoreJournal journal;
    private final RestoreOutcomes outcomes;
    private final D1Targets d1;

    public D1PutBack(StagingArea staging, RestoreJournal journal, RestoreOutcomes outcomes, D1Targets d1) {
        this.staging = staging;
        this.journal = journal;
        this.outcomes = outcomes;
        this.d1 = d1;
    }

    /** The live database's export, whole and journaled: what a failed load or a recovery puts back. */
    record Kept(BackupExport export, Map<String, Long> rows) {
    }

    /**
     * A restore into a live database that ends without it put back (its lock lost mid-load, or the put-back failing): the
     * database may hold part of the backup, so its export is kept (not deleted as the restore ends) and named.
     */
    static final class ExportKept extends RestoreFailure {

        ExportKept(RestoreFailure failure, Kept before) {
            super(failure.step(), failure.code(), failure.getMessage() + "; the live database's export, taken before the restore, is"
                    + " kept at " + before.export().file() + " (put it back with wrangler d1 execute --file, then delete it)", failure);
        }
    }

    /** {@code failure}, the export kept when there is one (into a live database); else {@code failure} itself. */
    static RestoreFailure keeping(RestoreFailure failure, Kept before) {
        return before == null ? failure : new ExportKept(failure, before);
    }

    /** Exports the live database as it is now (the export's own statements say so) through {@code work}, then keeps it. */
    Kept exportLive(RestoreAttempt owner, D1Location live, Path work) throws RestoreFailure {
        Path whole = work.resolve("before.sql");
        Map<String, Long> rows;
        try (D1Export export = D1Export.start(d1.commands(), live, d1.commandTimeout());
             OutputStream out = Files.newOutputStream(whole)) {
            rows = ExportRowCounter.copy(export.stream(), out).rows();
            export.awaitSuccess();
        } catch (WranglerFailure e) {
            throw new RestoreFailure(RestoreStep.PREPARE_TARGET, "D1_" + e.reason(), e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.PREPARE_TARGET, "EXPORT_FAILED", "the live database's export failed: " + e.getMessage(), e);
        }
        try {
            Path kept = file(owner.restoreId());
            if (kept.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(whole, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(whole, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try {
                journal.update(owner, row -> row.putBackExport = kept.toString());
            } catch (RuntimeException notJournaled) { // taken over, or the journal failed: nothing changed, nobody will read it
                forget(owner.restoreId());
                throw notJournaled;
            }
            return new Kept(new BackupExport(kept), rows);
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.PREPARE_TARGET, "LOCAL_DISK", "the live database's export could not be kept: "
                    + e.getMessage(), e);
        }
    }

    /** A restore into a new database: the database made, journaled before anything is loaded into it. */
    void made(RestoreAttempt owner, D1Location made) {
        journal.update(owner, row -> row.stagingDatabase = made.name());
    }

    /** A restore into a new database passed its checks: the database is the restore's result, no longer one to remove. */
    void keepMade(RestoreAttempt owner) {
        journal.update(owner, row -> row.stagingDatabase = null);
    }

    /** The restore ended (its outcome recorded): the kept export is deleted. */
    void forget(String restoreId) {
        try {
            Files.deleteIfExists(file(restoreId));
        } catch (IOException e) {
            LOG.warnf("Restore %s: its live database's export %s could not be deleted: %s", restoreId, file(restoreId), e.getMessage());
        }
    }

    /**
     * Ends a D1 restore whose service stopped (the run taken over, the earlier attempts' locks ended): a live database whose
     * export was kept is put back from it, under the lock, and the restore ROLLED_BACK (FAILED if that fails, the export
     * kept and named); a made new database is removed; otherwise nothing had changed. Blocking.
     */
    void recover(RestoreRequestRecord row, KnownDatabase known, Instant started) {
        D1Location live = D1Location.of(known.databaseName, known.d1(), known.credentialRef);
        String stopped = "the restore service stopped while the D1 restore ran";
        if (row.putBackExport != null) {
            Path kept = Path.of(row.putBackExport);
            RestoreFailure interrupted = new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", stopped);
            try {
                RolledBack.after(interrupted, live.name(), () -> new StepJournal(journal, row.owner()).run(RestoreStep.ROLLBACK,
                        () -> putBack(row, live, kept), name -> name + " is as it was before the restore: its export, taken before, put back"));
                outcomes.rolledBack(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", stopped + "; " + live.name()
                        + " is as it was before the restore: the export taken before it changed anything was put back"), started);
                forget(row.restoreId);
            } catch (RestoreFailure notPutBack) {
                if (notPutBack.code().equals("LOCK_TIMEOUT")) { // a backup holds the lock: left RUNNING, the next round tries again
                    LOG.warnf("Restore %s: %s; putting it back is tried again at the recovery's next round", row.restoreId,
                            notPutBack.getMessage());
                    return;
                }
                outcomes.failed(row, Files.isRegularFile(kept) ? new RestoreFailure(notPutBack.step(), notPutBack.code(),
                        notPutBack.getMessage() + " (its export, taken before the restore, is kept at " + kept + ")") : notPutBack, started);
            }
            return;
        }
        if (row.stagingDatabase != null) {
            D1Location made = live.sibling(row.stagingDatabase, live.local() ? null : live.databaseId());
            forget(row.restoreId); // a live database's export is never kept by a restore into a new one; none half-made is kept
            try {
                removeMade(made);
                outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", stopped + "; the new database "
                        + made.name() + " it was filling was removed, and " + live.name() + " was never changed"), started);
            } catch (RestoreFailure notRemoved) {
                outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", stopped + "; the new database "
                        + made.name() + " may hold part of the backup and could not be removed (" + notRemoved.getMessage()
                        + "): remove it, and restore again"), started);
            }
            return;
        }
        forget(row.restoreId); // one moved into place but not yet journaled: the load had not begun
        outcomes.failed(row, new RestoreFailure(RestoreStep.RECOVERY, "INTERRUPTED", stopped + ", before it changed anything: "
                + live.name() + " is as it was"), started);
    }

    private String putBack(RestoreRequestRecord row, D1Location live, Path kept) throws RestoreFailure {
        if (!Files.isRegularFile(kept)) {
            throw new RestoreFailure(RestoreStep.ROLLBACK, "EXPORT_MISSING", "its export, taken before the restore, is not at " + kept
                    + " on this host");
        }
        try (D1DatabaseLock lock = d1.lock(live, row.restoreId, row.attempt);
             StagedFolder work = folder()) {
            return D1RestoreJob.wrangling(RestoreStep.ROLLBACK, () -> {
                new D1Restore(d1.commands(), work.path(), lock).replaceAll(live, new BackupExport(kept));
                return live.name();
            });
        }
    }

    private void removeMade(D1Location made) throws RestoreFailure {
        try (StagedFolder work = folder()) {
            D1RestoreJob.wrangling(RestoreStep.RECOVERY, () -> {
                new D1Restore(d1.commands(), work.path(), null).remove(made);
                return made.name();
            });
        }
    }

    private StagedFolder folder() throws RestoreFailure {
        try {
            return staging.folder("d1-recovery");
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.RECOVERY, "LOCAL_DISK", e.getMessage(), e);
        }
    }

    private Path file(String restoreId) {
        return staging.folder().toAbsolutePath().resolve(PREFIX + restoreId + ".sql");
    }
}
