package dev.lifeboat.verifier.verification;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveKeyring;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.d1.export.D1Export;
import dev.lifeboat.d1.export.ExportCutShortException;
import dev.lifeboat.d1.export.ExportRowCounter;
import dev.lifeboat.postgres.restore.PgRestoreException;
import dev.lifeboat.postgres.restore.PgRestoreProcess;
import dev.lifeboat.postgres.restore.TableOfContents;
import dev.lifeboat.runtime.secret.SecretUnavailableException;
import dev.lifeboat.events.verification.VerificationCheck;
import dev.lifeboat.verifier.config.EncryptionConfig;
import dev.lifeboat.verifier.config.VerifierConfig;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a backup back from the bucket and checks it (blocking: worker threads only): its manifest is
 * there and agrees with the event, every stored byte hashes to the manifest's SHA-256, every encrypted
 * segment authenticates, the plaintext is a {@code pg_dump} archive {@code pg_restore --list} reads (or a whole D1
 * export, its rows counted from its statements), and its tables are the manifest's. A missing object is a failed check naming the key, not an exception.
 * Reading the bucket failing (an outage) is an {@link UncheckedIOException}: the check is tried again.
 */
@ApplicationScoped
public class ArchiveVerification {

    private final BucketObjects objects;
    private final ArchiveKeyring keyring;
    private final PgRestoreProcess pgRestore;

    public ArchiveVerification(BucketObjects objects, EncryptionConfig encryption, VerifierConfig config) {
        this.objects = objects;
        this.keyring = new ArchiveKeyring(encryption.keys());
        this.pgRestore = new PgRestoreProcess(config.pgRestore(), true, "lifeboat verifier");
    }

    /** The full check of a new backup. */
    public CheckOutcome verify(BackupVerification backup) {
        return check(backup, true);
    }

    /** A scrub's check: every stored byte read back against the checksum and the encryption tags, without pg_restore. */
    public CheckOutcome readBack(BackupVerification backup) {
        return check(backup, false);
    }

    private CheckOutcome check(BackupVerification backup, boolean withTableOfContents) {
        BackupManifest manifest;
        try {
            manifest = objects.manifest(backup.manifestKey);
        } catch (MissingObjectException e) {
            return CheckOutcome.fail(VerificationCheck.CHECKSUM, "the manifest " + e.key() + " is missing from the bucket");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!manifest.sha256().equals(backup.sha256) || manifest.sizeBytes() != backup.sizeBytes) {
            return CheckOutcome.fail(VerificationCheck.CHECKSUM, "the manifest " + backup.manifestKey + " says " + manifest.sizeBytes()
                    + " bytes with SHA-256 " + manifest.sha256() + ", BackupCompleted said " + backup.sizeBytes + " bytes with " + backup.sha256);
        }
        if (!manifest.archiveKey().equals(backup.objectKey)) {
            return CheckOutcome.fail(VerificationCheck.CHECKSUM, "the manifest " + backup.manifestKey + " names the archive "
                    + manifest.archiveKey() + ", BackupCompleted said " + backup.objectKey);
        }
        ArchiveEncryption key;
        try {
            key = manifest.encrypted() ? keyring.byId(manifest.encryption().keyId()) : null;
        } catch (SecretUnavailableException e) {
            return CheckOutcome.fail(VerificationCheck.ARCHIVE, "cannot decrypt backup " + backup.backupId + ": " + e.getMessage());
        }
        try (InputStream stored = objects.open(manifest.archiveKey());
             InputStream plaintext = ArchiveReader.plaintext(stored, manifest, keyId -> key)) {
            if (!withTableOfContents) {
                long bytes = plaintext.transferTo(OutputStream.nullOutputStream());
                return CheckOutcome.pass(VerificationCheck.CHECKSUM, manifest.sizeBytes() + " stored bytes match SHA-256 " + manifest.sha256()
                        + (manifest.encrypted() ? ", every encrypted segment authentic" : "") + ", " + bytes + " bytes of archive");
            }
            if (D1Export.FORMAT.equals(manifest.archiveFormat())) {
                return compareCounts(manifest, ExportRowCounter.copy(plaintext, OutputStream.nullOutputStream()).rows());
            }
            String toc = pgRestore.listWholeArchive(plaintext);
            return compareTables(manifest, toc);
        } catch (MissingObjectException e) {
            return CheckOutcome.fail(VerificationCheck.CHECKSUM, "the archive " + e.key() + " is missing from the bucket");
        } catch (ArchiveIntegrityException e) {
            return CheckOutcome.fail(VerificationCheck.CHECKSUM, e.getMessage());
        } catch (ExportCutShortException e) {
            return CheckOutcome.fail(VerificationCheck.ARCHIVE, "the D1 export in the archive is not whole: " + e.getMessage());
        } catch (PgRestoreException e) {
            return switch (e.code()) {
                case CHECKSUM, ENCRYPTION_TAG -> CheckOutcome.fail(VerificationCheck.CHECKSUM, e.getMessage());
                case STORAGE_FAILED -> throw new UncheckedIOException(new IOException(e.getMessage(), e));
                default -> CheckOutcome.fail(VerificationCheck.ARCHIVE, e.getMessage());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A D1 export: each table's rows counted from the export's own statements equal the manifest's. */
    private static CheckOutcome compareCounts(BackupManifest manifest, Map<String, Long> counted) {
        if (!counted.equals(manifest.tableRowCounts())) {
            return CheckOutcome.fail(VerificationCheck.ARCHIVE, "the D1 export's rows per table " + new TreeMap<>(counted)
                    + " differ from the manifest's " + manifest.tableRowCounts());
        }
        return CheckOutcome.pass(VerificationCheck.ARCHIVE, manifest.sizeBytes() + " stored bytes match SHA-256 " + manifest.sha256()
                + (manifest.encrypted() ? ", every encrypted segment authentic" : "") + "; the D1 export holds the manifest's "
                + counted.size() + " tables and their rows");
    }

    /** Tables are compared as {@code pg_restore --list} prints them ({@link TableOfContents#listed}), so odd names match as themselves. */
    private static CheckOutcome compareTables(BackupManifest manifest, String toc) {
        List<TableOfContents.Entry> entries = TableOfContents.tablesAndIndexes(toc);
        Set<String> notManifested = new TreeSet<>();
        entries.stream().filter(entry -> entry.kind() == TableOfContents.Entry.Kind.TABLE).forEach(entry -> notManifested.add(entry.listed()));
        Set<String> manifested = new TreeSet<>(manifest.tableRowCounts().keySet());
        Set<String> notArchived = new TreeSet<>();
        for (String table : manifested) {
            if (!notManifested.remove(TableOfContents.listed(table))) {
                notArchived.add(table);
            }
        }
        if (!notArchived.isEmpty() || !notManifested.isEmpty()) {
            return CheckOutcome.fail(VerificationCheck.ARCHIVE, "the archive's table of contents disagrees with the manifest: "
                    + (notArchived.isEmpty() ? "" : "in the manifest only: " + String.join(", ", notArchived) + ". ")
                    + (notManifested.isEmpty() ? "" : "in the archive only (as pg_restore lists them): " + String.join(", ", notManifested) + "."));
        }
        return CheckOutcome.pass(VerificationCheck.ARCHIVE, manifest.sizeBytes() + " stored bytes match SHA-256 " + manifest.sha256()
                + (manifest.encrypted() ? ", every encrypted segment authentic" : "") + "; pg_restore lists the manifest's "
                + manifested.size() + " tables and " + (entries.size() - manifested.size()) + " indexes");
    }
}
