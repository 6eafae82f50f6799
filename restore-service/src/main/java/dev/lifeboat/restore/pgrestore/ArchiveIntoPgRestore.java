package dev.lifeboat.restore.pgrestore;

import java.time.Instant;
import dev.lifeboat.runtime.progress.Progress;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.postgres.restore.ArchiveRelations;
import dev.lifeboat.postgres.restore.TableOfContents;
import dev.lifeboat.restore.config.RestoreConfig;
import dev.lifeboat.restore.connect.TargetServer;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;
import dev.lifeboat.restore.storage.BackupObjects;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A backup's archive streamed from the bucket through its checksum and encryption tags into {@code pg_restore}
 * (blocking): the whole archive, or for TABLES only the chosen tables' schema and rows.
 */
@ApplicationScoped
public class ArchiveIntoPgRestore {

    private final BackupObjects objects;
    private final PgRestore pgRestore;

    public ArchiveIntoPgRestore(RestoreConfig config, BackupObjects objects) {
        this.objects = objects;
        this.pgRestore = new PgRestore(config.pgRestore(), config.noOwner());
    }

    /**
     * @param key    the archive's key, or null when the backup is not encrypted
     * @param tables   the tables to restore, or null for all of them
     * @param progress counts the stored bytes read against the archive's stored size
     * @return plaintext bytes read
     */
    public long restore(TargetServer server, String database, BackupManifest manifest, ArchiveEncryption key, Set<String> tables,
                        Progress progress) throws RestoreFailure, IOException {
        Path useList = tables == null ? null : tableList(manifest, key, tables);
        progress.expect(manifest.sizeBytes(), Instant.now());
        try (ResponseInputStream<GetObjectResponse> stored = objects.open(manifest.archiveKey(), RestoreStep.PG_RESTORE)) {
            return pgRestore.restore(server, database, Optional.ofNullable(useList), plaintext(progress.counting(stored), manifest, key));
        } catch (IOException e) {
            throw new RestoreFailure(RestoreStep.PG_RESTORE, "STORAGE_FAILED", "reading the archive failed: " + e.getMessage(), e);
        } finally {
            if (useList != null) {
                Files.deleteIfExists(useList);
            }
        }
    }

    /**
     * How the archive's tables relate (partitions, foreign keys), read from the start of the archive only.
     *
     * @param step the step that asks, whose failure a bad read is
     */
    public ArchiveRelations relations(BackupManifest manifest, ArchiveEncryption key, RestoreStep step) throws RestoreFailure, IOException {
        return relations(toc(manifest, key, step), manifest, key, step);
    }

    /**
     * A {@code pg_restore --use-list} file naming only the tables' schema and data, and the foreign keys between
     * them, from the archive's table of contents.
     */
    private Path tableList(BackupManifest manifest, ArchiveEncryption key, Set<String> tables) throws RestoreFailure, IOException {
        String toc = toc(manifest, key, RestoreStep.PG_RESTORE);
        ArchiveRelations relations = relations(toc, manifest, key, RestoreStep.PG_RESTORE);
        Path list = Files.createTempFile("lifeboat-restore-", ".list");
        Files.writeString(list, TableOfContents.schemaWithDataOf(toc, tables, relations.foreignKeysWithin(tables)));
        return list;
    }

    private String toc(BackupManifest manifest, ArchiveEncryption key, RestoreStep step) throws RestoreFailure, IOException {
        try (ResponseInputStream<GetObjectResponse> stored = objects.open(manifest.archiveKey(), step)) {
            try {
                return pgRestore.list(plaintext(stored, manifest, key));
            } finally {
                stored.abort();
            }
        }
    }

    private ArchiveRelations relations(String toc, BackupManifest manifest, ArchiveEncryption key, RestoreStep step)
            throws RestoreFailure, IOException {
        Path useList = Files.createTempFile("lifeboat-relations-", ".list");
        try (ResponseInputStream<GetObjectResponse> stored = objects.open(manifest.archiveKey(), step)) {
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
