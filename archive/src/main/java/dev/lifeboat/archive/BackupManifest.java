package dev.lifeboat.archive;

import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import dev.lifeboat.archive.NewestValue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code manifest.json}, stored beside every backup's archive. The bucket is the source of truth:
 * the catalog is rebuilt from these documents alone, and restore and verification check the data
 * against them.
 *
 * @param formatVersion  version of this document and of the archive layout ({@value #FORMAT_VERSION})
 * @param archiveFormat  what the plaintext archive is: {@code pg_dump-custom}, read by {@code pg_restore}
 * @param archiveKey     object key of the archive (stored bytes: compressed, then encrypted when {@code encryption} is set)
 * @param sizeBytes      stored size of the archive
 * @param sha256         hex SHA-256 of the stored bytes
 * @param compression    how the archive is compressed, and {@code compressionLevel}
 * @param encryption     absent when the archive is not encrypted
 * @param tableRowCounts exact rows per table ({@code schema.table}), counted in the snapshot the dump used
 * @param labels         the request's labels
 * @param freshnessColumns per table with a configured freshness column, that column's newest value in the
 *                       snapshot the dump used (absent in manifests of databases that configure none)
 * @param streamLsn      for a database captured for point-in-time restore, the change stream's position the dump is
 *                       exactly at (its snapshot came from a temporary logical slot): replay starts after it; absent
 *                       for a backup not aligned to a stream
 * @param plaintextBytes the plaintext {@code pg_dump} archive's size, which staging it for a parallel restore takes on
 *                       disk; absent in manifests written before Lifeboat recorded it
 * @param heldMs         how long the dump held the database, for an engine whose export does ({@code d1-sql}: a D1 export
 *                       blocks the database's other queries while it runs); absent for PostgreSQL, whose dump reads a snapshot
 * @param rowDigests     the digest of each table's rows as the dump wrote them, which a restore's rows are compared with;
 *                       absent for backups taken before Lifeboat recorded them, for D1, and for a database whose encoding
 *                       COPY cannot print to a check in the same bytes (neither UTF8 nor SQL_ASCII)
 */
public record BackupManifest(int formatVersion, String backupId, String databaseId, String requestId, String correlationId,
                             BackupTrigger trigger, String requestedBy, Instant startedAt, Instant completedAt,
                             String serverVersion, String archiveFormat, String archiveKey, long sizeBytes, String sha256,
                             Compression compression, int compressionLevel, Encryption encryption,
                             Map<String, Long> tableRowCounts, Map<String, String> labels,
                             Map<String, NewestValue> freshnessColumns, String streamLsn, Long plaintextBytes, Long heldMs,
                             RowDigests rowDigests) {

    public static final int FORMAT_VERSION = 1;
    public static final String PG_DUMP_CUSTOM = "pg_dump-custom";

    /** A manifest of a dump that holds no database while it runs (PostgreSQL's, from a snapshot). */
    public BackupManifest(int formatVersion, String backupId, String databaseId, String requestId, String correlationId,
                          BackupTrigger trigger, String requestedBy, Instant startedAt, Instant completedAt,
                          String serverVersion, String archiveFormat, String archiveKey, long sizeBytes, String sha256,
                          Compression compression, int compressionLevel, Encryption encryption,
                          Map<String, Long> tableRowCounts, Map<String, String> labels,
                          Map<String, NewestValue> freshnessColumns, String streamLsn, Long plaintextBytes) {
        this(formatVersion, backupId, databaseId, requestId, correlationId, trigger, requestedBy, startedAt, completedAt, serverVersion,
                archiveFormat, archiveKey, sizeBytes, sha256, compression, compressionLevel, encryption, tableRowCounts, labels,
                freshnessColumns, streamLsn, plaintextBytes, null, null);
    }

    /** A manifest without row digests (a D1 export's; a test's). */
    public BackupManifest(int formatVersion, String backupId, String databaseId, String requestId, String correlationId,
                          BackupTrigger trigger, String requestedBy, Instant startedAt, Instant completedAt,
                          String serverVersion, String archiveFormat, String archiveKey, long sizeBytes, String sha256,
                          Compression compression, int compressionLevel, Encryption encryption,
                          Map<String, Long> tableRowCounts, Map<String, String> labels,
                          Map<String, NewestValue> freshnessColumns, String streamLsn, Long plaintextBytes, Long heldMs) {
        this(formatVersion, backupId, databaseId, requestId, correlationId, trigger, requestedBy, startedAt, completedAt, serverVersion,
                archiveFormat, archiveKey, sizeBytes, sha256, compression, compressionLevel, encryption, tableRowCounts, labels,
                freshnessColumns, streamLsn, plaintextBytes, heldMs, null);
    }

    public BackupManifest {
        tableRowCounts = tableRowCounts == null ? Map.of() : new TreeMap<>(tableRowCounts);
        labels = labels == null ? Map.of() : new TreeMap<>(labels);
        freshnessColumns = freshnessColumns == null ? Map.of() : new TreeMap<>(freshnessColumns);
    }

    public boolean encrypted() {
        return encryption != null;
    }

    /**
     * This backup as a copy restored and then replayed to a moment must be: {@code tableRowCounts} rows per table, no
     * freshness column's newest value (replay changed them), and the row digests only of the tables the replay left
     * alone: the rows of those it {@code changed} are no longer the dump's.
     */
    public BackupManifest replayed(Map<String, Long> tableRowCounts, Set<String> changed) {
        RowDigests digests = rowDigests == null ? null : rowDigests.replayed(changed);
        return new BackupManifest(formatVersion, backupId, databaseId, requestId, correlationId, trigger, requestedBy, startedAt,
                completedAt, serverVersion, archiveFormat, archiveKey, sizeBytes, sha256, compression, compressionLevel, encryption,
                tableRowCounts, labels, Map.of(), streamLsn, plaintextBytes, heldMs, digests);
    }

    /** This manifest with the row digests the dump's rows gave. */
    public BackupManifest withRowDigests(RowDigests digests) {
        return new BackupManifest(formatVersion, backupId, databaseId, requestId, correlationId, trigger, requestedBy, startedAt,
                completedAt, serverVersion, archiveFormat, archiveKey, sizeBytes, sha256, compression, compressionLevel, encryption,
                tableRowCounts, labels, freshnessColumns, streamLsn, plaintextBytes, heldMs, digests);
    }

    /**
     * How the archive is encrypted; the key itself is never here.
     *
     * @param algorithm           {@value ArchiveEncryption#ALGORITHM}
     * @param keyId               which configured key encrypted it
     * @param segmentSize         ciphertext segment size in bytes
     * @param associatedData      what the ciphertext is bound to: {@code backup-id}, the backup's id
     * @param keyFingerprint      the key's fingerprint (a keyed hash of a fixed label, never the key: {@link
     *                            ArchiveEncryption#fingerprint()}); absent in manifests written before Lifeboat recorded it
     */
    public record Encryption(String algorithm, String keyId, int segmentSize, String associatedData, String keyFingerprint) {

        /** An encryption described without the key's fingerprint (as manifests were before it was recorded). */
        public Encryption(String algorithm, String keyId, int segmentSize, String associatedData) {
            this(algorithm, keyId, segmentSize, associatedData, null);
        }
    }
}
