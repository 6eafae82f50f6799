package dev.lifeboat.archive;

import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveRoundTripTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final ArchiveEncryption ENCRYPTION = new ArchiveEncryption("key-2026", KEY);
    private static final String BACKUP_ID = "b-1";

    @ParameterizedTest
    @EnumSource(Compression.class)
    void whatIsWrittenReadsBackWithAndWithoutEncryption(Compression compression) throws IOException {
        byte[] plaintext = sample(3 * ArchiveEncryption.SEGMENT_SIZE + 12345);
        for (boolean encrypted : List.of(false, true)) {
            Stored stored = store(plaintext, compression, encrypted);
            try (InputStream back = ArchiveReader.plaintext(new ByteArrayInputStream(stored.bytes), stored.manifest, id -> ENCRYPTION)) {
                assertThat(back.readAllBytes()).isEqualTo(plaintext);
            }
            if (encrypted) {
                assertThat(new String(stored.bytes, StandardCharsets.ISO_8859_1)).doesNotContain("customer-row");
                assertThat(stored.manifest.encryption().keyId()).isEqualTo("key-2026");
            }
        }
    }

    @Test
    void anotherKeyUnderTheSameIdIsRefusedNamingTheIdBeforeAByteIsDecrypted() throws IOException {
        Stored stored = store(sample(100_000), Compression.ZSTD, true);
        byte[] other = KEY.clone();
        other[0] ^= 1;
        ArchiveEncryption swapped = new ArchiveEncryption("key-2026", other);

        assertThat(stored.manifest.encryption().keyFingerprint()).as("a keyed hash, never the key").hasSize(32)
                .isEqualTo(ENCRYPTION.fingerprint()).isNotEqualTo(swapped.fingerprint())
                .doesNotContain(HexFormat.of().formatHex(KEY).substring(0, 8));
        assertThatThrownBy(() -> {
            try (InputStream back = ArchiveReader.plaintext(new ByteArrayInputStream(stored.bytes), stored.manifest, id -> swapped)) {
                back.readAllBytes();
            }
        }).isInstanceOfSatisfying(ArchiveIntegrityException.class, e -> assertThat(e.check()).isEqualTo(ArchiveIntegrityException.Check.KEY))
                .hasMessage("backup b-1 was encrypted by another key than the one configured as 'key-2026' (fingerprint "
                        + ENCRYPTION.fingerprint() + ", the configured key's " + swapped.fingerprint() + "): the key under that id "
                        + "was changed; configure the key that encrypted it under its id, and give a new key a new id");
    }

    @Test
    void aManifestWrittenBeforeFingerprintsStillOpensWithItsKey() throws IOException {
        Stored stored = store(sample(100_000), Compression.NONE, true);
        BackupManifest.Encryption e = stored.manifest.encryption();
        BackupManifest older = withEncryption(stored.manifest, new BackupManifest.Encryption(e.algorithm(), e.keyId(), e.segmentSize(),
                e.associatedData()));

        try (InputStream back = ArchiveReader.plaintext(new ByteArrayInputStream(stored.bytes), older, id -> ENCRYPTION)) {
            assertThat(back.readAllBytes()).hasSize(100_000);
        }
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws IOException {
        Stored stored = store(sample(200_000), Compression.NONE, false);
        stored.bytes[1000] ^= 1;
        assertThatThrownBy(() -> readAll(stored.bytes, stored.manifest))
                .isInstanceOfSatisfying(ArchiveIntegrityException.class,
                        e -> assertThat(e.check()).isEqualTo(ArchiveIntegrityException.Check.CHECKSUM))
                .hasMessageContaining("the manifest says");
    }

    @Test
    void aChangedCiphertextFailsItsTagEvenWhenTheChecksumWasForged() throws IOException {
        Stored stored = store(sample(2 * ArchiveEncryption.SEGMENT_SIZE), Compression.ZSTD, true);
        stored.bytes[stored.bytes.length / 2] ^= 1;
        BackupManifest forged = withChecksum(stored.manifest, stored.bytes);
        assertThatThrownBy(() -> readAll(stored.bytes, forged))
                .isInstanceOfSatisfying(ArchiveIntegrityException.class,
                        e -> assertThat(e.check()).isEqualTo(ArchiveIntegrityException.Check.ENCRYPTION_TAG));
    }

    @Test
    void aFailureToReadTheStoredBytesOfAnEncryptedArchiveIsThatFailureNotAnEncryptionTags() throws IOException {
        Stored stored = store(sample(3 * ArchiveEncryption.SEGMENT_SIZE), Compression.NONE, true);
        IOException lost = new IOException("s3://bucket/archive does not exist");
        InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(stored.bytes)) {
            private long read;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (read > ArchiveEncryption.SEGMENT_SIZE) {
                    throw lost;
                }
                int n = super.read(buffer, offset, length);
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> {
            try (InputStream in = ArchiveReader.plaintext(failing, stored.manifest, id -> ENCRYPTION)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }).isSameAs(lost);
    }

    @Test
    void aTruncatedArchiveFailsEvenWhenTheChecksumWasForged() throws IOException {
        Stored stored = store(sample(3 * ArchiveEncryption.SEGMENT_SIZE), Compression.NONE, true);
        byte[] truncated = java.util.Arrays.copyOf(stored.bytes, ArchiveEncryption.SEGMENT_SIZE * 2);
        BackupManifest forged = withChecksum(stored.manifest, truncated);
        assertThatThrownBy(() -> readAll(truncated, forged)).isInstanceOf(ArchiveIntegrityException.class);
    }

    @Test
    void anArchiveMovedToAnotherBackupIdDoesNotDecrypt() throws IOException {
        Stored stored = store(sample(100_000), Compression.NONE, true);
        BackupManifest moved = new BackupManifest(1, "b-2", "orders-db", "r", "c", BackupTrigger.MANUAL, "me",
                Instant.EPOCH, Instant.EPOCH, "15", BackupManifest.PG_DUMP_CUSTOM, "k", stored.manifest.sizeBytes(),
                stored.manifest.sha256(), Compression.NONE, 0, ENCRYPTION.describe(), Map.of(), Map.of(), Map.of(), null, null);
        assertThatThrownBy(() -> readAll(stored.bytes, moved)).isInstanceOf(ArchiveIntegrityException.class);
    }

    @Test
    void anUnknownKeyIdIsNamed() throws IOException {
        Stored stored = store(sample(1000), Compression.NONE, true);
        assertThatThrownBy(() -> ArchiveReader.plaintext(new ByteArrayInputStream(stored.bytes), stored.manifest, id -> null))
                .hasMessageContaining("key 'key-2026', which is not configured here");
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> new ArchiveEncryption("short", new byte[]{1, 2, 3}))
                .hasMessage("encryption key 'short' must be 32 bytes, not 3");
    }

    /**
     * A JVM with a 32 MiB heap encrypts and decrypts 256 MiB (through zstd both ways): neither direction
     * holds the archive in memory. The JDK's AES/GCM cipher would need the whole ciphertext on decrypt.
     */
    @Test
    void anArchiveLargerThanTheHeapStreamsThroughBothDirections() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                LargerThanHeapRoundTrip.class.getName(), String.valueOf(256L << 20))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("round trip of 268435456 bytes: digests equal");
    }

    private static void readAll(byte[] stored, BackupManifest manifest) throws IOException {
        try (InputStream in = ArchiveReader.plaintext(new ByteArrayInputStream(stored), manifest, id -> ENCRYPTION)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private record Stored(byte[] bytes, BackupManifest manifest) {
    }

    private static Stored store(byte[] plaintext, Compression compression, boolean encrypted) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = encrypted ? ENCRYPTION.encrypting(sink, BACKUP_ID) : sink;
        try (OutputStream compressing = ArchiveCompression.compressing(out, compression, 3, 0)) {
            compressing.write(plaintext);
        }
        if (!encrypted) {
            out.close();
        }
        byte[] bytes = sink.toByteArray();
        BackupManifest manifest = new BackupManifest(1, BACKUP_ID, "orders-db", "r", "c", BackupTrigger.MANUAL, "me",
                Instant.EPOCH, Instant.EPOCH, "15", BackupManifest.PG_DUMP_CUSTOM, "k", bytes.length, "",
                compression, 3, encrypted ? ENCRYPTION.describe() : null, Map.of(), Map.of(), Map.of(), null, null);
        return new Stored(bytes, withChecksum(manifest, bytes));
    }

    private static BackupManifest withChecksum(BackupManifest m, byte[] bytes) throws IOException {
        DigestOutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), ArchiveReader.sha256());
        digest.write(bytes);
        return new BackupManifest(m.formatVersion(), m.backupId(), m.databaseId(), m.requestId(), m.correlationId(), m.trigger(),
                m.requestedBy(), m.startedAt(), m.completedAt(), m.serverVersion(), m.archiveFormat(), m.archiveKey(), bytes.length,
                HexFormat.of().formatHex(digest.getMessageDigest().digest()), m.compression(), m.compressionLevel(), m.encryption(),
                m.tableRowCounts(), m.labels(), m.freshnessColumns(), m.streamLsn(), m.plaintextBytes());
    }

    private static BackupManifest withEncryption(BackupManifest m, BackupManifest.Encryption encryption) {
        return new BackupManifest(m.formatVersion(), m.backupId(), m.databaseId(), m.requestId(), m.correlationId(), m.trigger(),
                m.requestedBy(), m.startedAt(), m.completedAt(), m.serverVersion(), m.archiveFormat(), m.archiveKey(), m.sizeBytes(),
                m.sha256(), m.compression(), m.compressionLevel(), encryption, m.tableRowCounts(), m.labels(), m.freshnessColumns(),
                m.streamLsn(), m.plaintextBytes());
    }

    private static byte[] sample(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        java.util.Random random = new java.util.Random(7);
        while (out.size() < size) {
            out.writeBytes(("customer-row " + random.nextLong() + " " + random.nextInt(1000) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return java.util.Arrays.copyOf(out.toByteArray(), size);
    }
}
