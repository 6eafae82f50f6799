package dev.lifeboat.restore.source;

import java.time.Instant;
import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.archive.staging.InsufficientDiskException;
import dev.lifeboat.archive.staging.ParallelRestore;
import dev.lifeboat.archive.staging.StagedArchive;
import dev.lifeboat.archive.staging.StagingArea;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import dev.lifeboat.postgres.restore.ArchiveRelations;
import dev.lifeboat.postgres.restore.TableOfContents;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.target.TargetServer;
import jakarta.enterprise.context.ApplicationScoped;
import dev.lifeboat.archive.bucket.ObjectStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A backup's archive from the bucket through its checksum and encryption tags into {@code pg_restore} (blocking): staged
 * on this service's disk for {@code pg_restore --jobs} ({@link StagingArea}), or with one job streamed straight into it;
 * the whole archive, or for TABLES only the chosen tables' schema and rows.
 */
@ApplicationScoped
public class ArchiveIntoPgRestore {

    private static final Logger LOG = Logger.getLogger(ArchiveIntoPgRestore.class);

    private final RestoreConfig config;
    private final StagingArea staging;
    private final PgRestore pgRestore;

    public ArchiveIntoPgRestore(RestoreConfig config, StagingArea staging) {
        this.config = config;
        this.staging = staging;
        this.pgRestore = new PgRestore(config.pgRestore(), config.noOwner());
    }

    /**
     * @param from   the bucket read: the primary, or the second bucket's copy
     * @param key    the archive's key, or null when the backup is not encrypted
     * @param tables   the tables to restore, or null for all of them
     * @param progress counts the stored bytes read against the archive's stored size
     * @return plaintext bytes read
     */
    public long restore(BackupObjects from, TargetServer server, String database, BackupManifest manifest, ArchiveEncryption key, Set<String> tables,
                        Progress progress) throws RestoreFailure, IOException {
        Path useList = tables == null ? null : tableList(from, manifest, key, tables);
        progress.expect(manifest.sizeBytes(), Instant.now());
        ParallelRestore.Load load = load(manifest, tables);
        int jobs = load.jobs();
        if (load.way() == ParallelRestore.Load.Way.ROWS_OVER_CONNECTIONS) {
            return pgRestore.restoreRowsOver(jobs, server, database, whole -> read(from, manifest, key, whole ? progress : null));
        }
        if (load.way() == ParallelRestore.Load.Way.STAGED_JOBS) {
            long start = System.nanoTime();
            try (StagedArchive staged = stage(from, manifest, key, progress, RestoreStep.PG_RESTORE)) {
                long stagedAt = System.nanoTime();
                pgRestore.restore(server, database, Optional.ofNullable(useList), staged.file(), jobs);
                logStaged(manifest, staged, (stagedAt - start) / 1_000_000, (System.nanoTime() - stagedAt) / 1_000_000, jobs);
                return staged.plaintextBytes();
            } finally {
                if (useList != null) {
                    Files.deleteIfExists(useList);
                }
            }
        }
        try (ObjectStream stored = from.open(manifest.archiveKey(), RestoreStep.PG_RESTORE)) {
            return pgRestore.restore(server, database, Optional.ofNullable(useList), plaintext(progress.counting(stored), manifest, key));
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.PG_RESTORE, "STORAGE_FAILED", "reading the archive failed: " + e.getMessage(), e);
        } finally {
            if (useList != null) {
                Files.deleteIfExists(useList);
            }
        }
    }

    /** The jobs a restore of this database runs (and its checks read the restored rows back over). */
    public int jobs(String databaseId) {
        return config.jobsFor(databaseId);
    }

    /**
     * How a restore of this backup loads it ({@link ParallelRestore}): a TABLES restore ({@code tables} not null) stages or
     * streams into one {@code pg_restore}, never loads rows over connections.
     */
    public ParallelRestore.Load load(BackupManifest manifest, Set<String> tables) {
        ParallelRestore.Load load = config.loadFor(manifest);
        return tables != null && load.way() == ParallelRestore.Load.Way.ROWS_OVER_CONNECTIONS ? ParallelRestore.Load.ONE_STREAM : load;
    }

    /**
     * A new read of the archive's plaintext from its start, its stored bytes counted by {@code progress} when there is one;
     * closed before its end, the rest of the download is abandoned.
     */
    private InputStream read(BackupObjects from, BackupManifest manifest, ArchiveEncryption key, Progress progress) throws RestoreFailure {
        ObjectStream stored = from.open(manifest.archiveKey(), RestoreStep.PG_RESTORE);
        try {
            return stored.abortedOnClose(plaintext(progress == null ? stored : progress.counting(stored), manifest, key));
        } catch (RestoreFailure | RuntimeException e) {
            stored.abort();
            throw e;
        }
    }

    /**
     * Refuses, before anything is created, a restore whose archive would not fit on the staging disk (only restores that
     * stage it: more than one job).
     */
    public void checkRoom(BackupManifest manifest, RestoreStep step) throws RestoreFailure {
        if (config.loadFor(manifest).way() == ParallelRestore.Load.Way.STAGED_JOBS) {
            try {
                staging.checkRoom(manifest);
            } catch (InsufficientDiskException e) {
                throw insufficientDisk(step, e);
            } catch (IOException e) {
                throw new RestoreFailure(step, "STORAGE_FAILED", "cannot read the free space of " + staging.folder() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The archive staged on this service's disk, checked against its SHA-256 and encryption tags on the way (nothing is
     * restored from a staged file that did not pass), removed when closed or, after a crash, by the staging sweep.
     *
     * @param step the step a failure is reported at
     */
    public StagedArchive stage(BackupObjects from, BackupManifest manifest, ArchiveEncryption key, Progress progress, RestoreStep step)
            throws RestoreFailure {
        try {
            return staging.stage(from.bucket(), manifest, keyId -> key, progress::counting);
        } catch (InsufficientDiskException e) {
            throw insufficientDisk(step, e);
        } catch (MissingObjectException e) {
            throw new RestoreFailure(step, "BACKUP_MISSING", "the archive " + e.getMessage());
        } catch (ArchiveIntegrityException e) {
            throw new RestoreFailure(step, switch (e.check()) {
                case CHECKSUM -> "CHECKSUM";
                case ENCRYPTION_TAG -> "ENCRYPTION_TAG";
                case KEY -> "KEY_UNAVAILABLE";
            }, e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreFailure(step, "STORAGE_FAILED", "staging the archive failed: " + e.getMessage(), e);
        }
    }

    private static RestoreFailure insufficientDisk(RestoreStep step, InsufficientDiskException e) {
        return new RestoreFailure(step, "INSUFFICIENT_DISK", e.getMessage() + "; point lifeboat.staging.folder at a larger disk, "
                + "or set lifeboat.restore.jobs=1 (or lifeboat.restore.database-jobs.<id>=1) to restore from the stream without staging");
    }

    /** Staged archives a killed restore left behind are deleted when the service starts. */
    void sweepStaging(@Observes StartupEvent started) {
        staging.sweepAtStart();
    }

    /** A parallel restore's phases, for the log: staging, then pg_restore. */
    private static void logStaged(BackupManifest manifest, StagedArchive staged, long stagedMs, long restoredMs, int jobs) {
        LOG.infof("Backup %s: %d bytes staged in %d ms, then pg_restore --jobs=%d in %d ms", manifest.backupId(), staged.plaintextBytes(),
                stagedMs, jobs, restoredMs);
    }

    /**
     * How the archive's tables relate (partitions, foreign keys), read from the start of the archive only.
     *
     * @param step the step that asks, whose failure a bad read is
     */
    public ArchiveRelations relations(BackupObjects from, BackupManifest manifest, ArchiveEncryption key, RestoreStep step)
            throws RestoreFailure, IOException {
        return relations(from, toc(from, manifest, key, step), manifest, key, step);
    }

    /**
     * A {@code pg_restore --use-list} file naming only the tables' schema and data, and the foreign keys between
     * them, from the archive's table of contents.
     */
    private Path tableList(BackupObjects from, BackupManifest manifest, ArchiveEncryption key, Set<String> tables)
            throws RestoreFailure, IOException {
        String toc = toc(from, manifest, key, RestoreStep.PG_RESTORE);
        ArchiveRelations relations = relations(from, toc, manifest, key, RestoreStep.PG_RESTORE);
        Path list = Files.createTempFile("lifeboat-restore-", ".list");
        Files.writeString(list, TableOfContents.schemaWithDataOf(toc, tables, relations.foreignKeysWithin(tables)));
        return list;
    }

    private String toc(BackupObjects from, BackupManifest manifest, ArchiveEncryption key, RestoreStep step)
            throws RestoreFailure, IOException {
        try (ObjectStream stored = from.open(manifest.archiveKey(), step)) {
            try {
                return pgRestore.list(plaintext(stored, manifest, key));
            } finally {
                stored.abort();
            }
        }
    }

    private ArchiveRelations relations(BackupObjects from, String toc, BackupManifest manifest, ArchiveEncryption key, RestoreStep step)
            throws RestoreFailure, IOException {
        Path useList = Files.createTempFile("lifeboat-relations-", ".list");
        try (ObjectStream stored = from.open(manifest.archiveKey(), step)) {
            Files.writeString(useList, ArchiveRelations.useList(toc));
            try {
                return ArchiveRelations.parse(pgRestore.script(plaintext(stored, manifest, key), useList));
            } catch (IllegalArgumentException e) {
                throw new RestoreFailure(step, "PG_RESTORE_FAILED", "cannot read the foreign keys and partitions of backup "
                        + manifest.backupId() + ": " + e.getMessage(), e);
            } finally {
                stored.abort();
            }
        } finally {
            Files.deleteIfExists(useList);
        }
    }

    private static InputStream plaintext(InputStream stored, BackupManifest manifest, ArchiveEncryption key) throws RestoreFailure {
        try {
            return ArchiveReader.plaintext(stored, manifest, keyId -> key);
        } catch (ArchiveIntegrityException e) {
            throw new RestoreFailure(RestoreStep.PG_RESTORE, "KEY_UNAVAILABLE", e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.PG_RESTORE, "STORAGE_FAILED", "reading the archive failed: " + e.getMessage(), e);
        }
    }
}
