package dev.lifeboat.archive;

import dev.lifeboat.events.backup.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealingStreamTest {

    private static final byte[] KEY = HexFormat.of().parseHex("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100");
    private static final ArchiveEncryption ENCRYPTION = new ArchiveEncryption("key-2026", KEY);
    private static final String SEGMENT_ID = "0000000000000010-0000000000000020";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The storage: what reached it, and whether anyone closed it. */
    private static final class Storage extends FilterOutputStream {
        private final ByteArrayOutputStream bytes;
        private boolean closed;

        Storage() {
            this(new ByteArrayOutputStream());
        }

        private Storage(ByteArrayOutputStream bytes) {
            super(bytes);
            this.bytes = bytes;
        }

        @Override
        public void write(byte[] b, int offset, int length) {
            bytes.write(b, offset, length);
        }

        @Override
        public void close() {
            closed = true;
        }

        byte[] stored() {
            return bytes.toByteArray();
        }
    }

    private record Sealed(byte[] stored, long sizeBytes, String sha256) {
    }

    private static Sealed seal(byte[] plaintext, Compression compression, boolean encrypted) throws IOException {
        Storage storage = new Storage();
        SealingStream sealing = SealingStream.open(storage, compression, 3, 0,
                encrypted ? Optional.of(ENCRYPTION) : Optional.empty(), SEGMENT_ID);
        try (sealing) {
            sealing.write(plaintext);
        }
        return new Sealed(storage.stored(), sealing.sizeBytes(), sealing.sha256());
    }

    private static byte[] open(Sealed sealed, Compression compression, boolean encrypted) throws IOException {
        ArchiveReader.Sealed manifest = new ArchiveReader.Sealed("change segment", SEGMENT_ID, sealed.sizeBytes(), sealed.sha256(),
                compression, encrypted ? ENCRYPTION.describe("segment-id") : null);
        try (InputStream plaintext = ArchiveReader.plaintext(new ByteArrayInputStream(sealed.stored()), manifest, id -> ENCRYPTION)) {
            return plaintext.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sample(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        Random random = new Random(11);
        while (out.size() < size) {
            out.writeBytes(("{\"xid\":" + random.nextInt(100_000) + ",\"note\":\"order-row " + random.nextLong() + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return Arrays.copyOf(out.toByteArray(), size);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void sizeAndSha256DescribeExactlyWhatReachedTheStorageAndItOpensBack(Compression compression) throws IOException {
        byte[] plaintext = sample(ArchiveEncryption.SEGMENT_SIZE + 4321);
        for (boolean encrypted : List.of(false, true)) {
            Sealed sealed = seal(plaintext, compression, encrypted);

            assertThat(sealed.sizeBytes()).as("encrypted: %s", encrypted).isEqualTo(sealed.stored().length);
            assertThat(sealed.sha256()).as("encrypted: %s", encrypted).isEqualTo(sha256(sealed.stored()));
            assertThat(open(sealed, compression, encrypted)).as("encrypted: %s", encrypted).isEqualTo(plaintext);
        }
    }

    @Test
    void withoutCompressionOrEncryptionThePlaintextIsStoredAsItIs() throws IOException {
        byte[] plaintext = sample(100_000);

        Sealed sealed = seal(plaintext, Compression.NONE, false);

        assertThat(sealed.stored()).isEqualTo(plaintext);
        assertThat(sealed.sizeBytes()).isEqualTo(100_000);
        assertThat(sealed.sha256()).isEqualTo(sha256(plaintext));
    }

    @Test
    void nothingWrittenIsStoredAsNothingWithTheEmptyDigest() throws IOException {
        Storage storage = new Storage();
        SealingStream sealing = SealingStream.open(storage, Compression.NONE, 3, 0, Optional.empty(), SEGMENT_ID);

        sealing.close();

        assertThat(storage.stored()).isEmpty();
        assertThat(sealing.sizeBytes()).isZero();
        assertThat(sealing.sha256()).isEqualTo(EMPTY_SHA256);
    }

    @Test
    void encryptionHidesThePlaintextAndTheStoredBytesAreStillTheOnesDescribed() throws IOException {
        byte[] plaintext = sample(200_000);

        Sealed sealed = seal(plaintext, Compression.NONE, true);

        assertThat(new String(sealed.stored(), StandardCharsets.ISO_8859_1)).doesNotContain("order-row");
        assertThat(sealed.sizeBytes()).as("a header and a tag per segment").isGreaterThan(plaintext.length);
        assertThat(sealed.sha256()).isEqualTo(sha256(sealed.stored())).isNotEqualTo(sha256(plaintext));
    }

    @Test
    void compressionStoresFewerBytesOfARepetitivePlaintext() throws IOException {
        byte[] plaintext = "the same line again\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);

        for (Compression compression : List.of(Compression.GZIP, Compression.ZSTD)) {
            Sealed sealed = seal(plaintext, compression, false);

            assertThat(sealed.sizeBytes()).as(compression.name()).isLessThan(plaintext.length);
            assertThat(open(sealed, compression, false)).as(compression.name()).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void closingFinishesEveryLayerButNeverClosesTheStorage(Compression compression) throws IOException {
        for (boolean encrypted : List.of(false, true)) {
            Storage storage = new Storage();
            try (SealingStream sealing = SealingStream.open(storage, compression, 3, 0,
                    encrypted ? Optional.of(ENCRYPTION) : Optional.empty(), SEGMENT_ID)) {
                sealing.write(sample(10_000));
            }

            assertThat(storage.closed).as("encrypted: %s", encrypted).isFalse();
        }
    }

    @Test
    void theDigestIsRefusedUntilTheStreamIsClosed() throws IOException {
        SealingStream sealing = SealingStream.open(new Storage(), Compression.ZSTD, 3, 0, Optional.empty(), SEGMENT_ID);
        try (sealing) {
            sealing.write(sample(1000));

            assertThatThrownBy(sealing::sha256)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the stored bytes are known once the stream is closed");
        }
        assertThat(sealing.sha256()).hasSize(64);
    }

    @Test
    void closingAgainChangesNothing() throws IOException {
        Storage storage = new Storage();
        SealingStream sealing = SealingStream.open(storage, Compression.GZIP, 3, 0, Optional.of(ENCRYPTION), SEGMENT_ID);
        sealing.write(sample(50_000));
        sealing.close();
        long size = sealing.sizeBytes();
        String sha256 = sealing.sha256();
        byte[] stored = storage.stored();

        sealing.close();

        assertThat(sealing.sizeBytes()).isEqualTo(size);
        assertThat(sealing.sha256()).isEqualTo(sha256);
        assertThat(storage.stored()).isEqualTo(stored);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void singleBytesAndSlicesAreSealedLikeOneWrite(Compression compression) throws IOException {
        byte[] plaintext = sample(5_000);
        for (boolean encrypted : List.of(false, true)) {
            Storage storage = new Storage();
            SealingStream sealing = SealingStream.open(storage, compression, 3, 0,
                    encrypted ? Optional.of(ENCRYPTION) : Optional.empty(), SEGMENT_ID);
            try (sealing) {
                for (int i = 0; i < 1000; i++) {
                    sealing.write(plaintext[i]);
                }
                sealing.write(plaintext, 1000, 3000);
                sealing.write(Arrays.copyOfRange(plaintext, 4000, plaintext.length));
            }
            Sealed sealed = new Sealed(storage.stored(), sealing.sizeBytes(), sealing.sha256());

            assertThat(sealed.sizeBytes()).as("encrypted: %s", encrypted).isEqualTo(sealed.stored().length);
            assertThat(sealed.sha256()).as("encrypted: %s", encrypted).isEqualTo(sha256(sealed.stored()));
            assertThat(open(sealed, compression, encrypted)).as("encrypted: %s", encrypted).isEqualTo(plaintext);
        }
    }

    @Test
    void theCiphertextIsBoundToTheIdItWasSealedFor() throws IOException {
        byte[] plaintext = sample(10_000);
        Sealed sealed = seal(plaintext, Compression.NONE, true);
        ArchiveReader.Sealed elsewhere = new ArchiveReader.Sealed("change segment", "0000000000000020-0000000000000030",
                sealed.sizeBytes(), sealed.sha256(), Compression.NONE, ENCRYPTION.describe("segment-id"));

        assertThatThrownBy(() -> {
            try (InputStream in = ArchiveReader.plaintext(new ByteArrayInputStream(sealed.stored()), elsewhere, id -> ENCRYPTION)) {
                in.readAllBytes();
            }
        }).isInstanceOf(ArchiveIntegrityException.class);
    }
}
