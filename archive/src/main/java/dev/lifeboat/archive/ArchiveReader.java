package dev.lifeboat.archive;

import dev.lifeboat.events.backup.Compression;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Reads a stored archive back into the plaintext {@code pg_dump} archive, as a stream: the SHA-256
 * of the stored bytes is checked when the stream ends, and each encrypted segment is authenticated
 * as it is read. A mismatch fails the read with an {@link ArchiveIntegrityException}.
 */
public final class ArchiveReader {

    private ArchiveReader() {
    }

    /**
     * What opening a sealed object needs of its manifest.
     *
     * @param kind           what the object is, for messages: {@code backup}, {@code change segment}
     * @param id             what the ciphertext is bound to: the backup's or the segment's id
     * @param encryption     absent when the object is not encrypted
     */
    public record Sealed(String kind, String id, long sizeBytes, String sha256, Compression compression, BackupManifest.Encryption encryption) {

        public static Sealed of(BackupManifest manifest) {
            return new Sealed("backup", manifest.backupId(), manifest.sizeBytes(), manifest.sha256(), manifest.compression(), manifest.encryption());
        }
    }

    /**
     * @param stored the archive's bytes as stored in the bucket
     * @param keys   the configured key of a key id, or null when there is none
     */
    public static InputStream plaintext(InputStream stored, BackupManifest manifest,
                                        Function<String, ArchiveEncryption> keys) throws IOException {
        return plaintext(stored, Sealed.of(manifest), keys);
    }

    /**
     * The stored bytes as they are, checked against the manifest's size and SHA-256 at their end (an
     * {@link ArchiveIntegrityException} then): for a reader that keeps them sealed, such as a copy to the second bucket.
     */
    public static InputStream checked(InputStream stored, Sealed sealed) {
        return new ChecksumCheckingStream(stored, sealed.sha256(), sealed.sizeBytes());
    }

    /** Opens any object {@link SealingStream} wrote: a backup's archive or a change segment. */
    public static InputStream plaintext(InputStream stored, Sealed sealed, Function<String, ArchiveEncryption> keys) throws IOException {
        InputStream checked = new ChecksumCheckingStream(stored, sealed.sha256(), sealed.sizeBytes());
        InputStream decrypted = checked;
        if (sealed.encryption() != null) {
            ArchiveEncryption key = keys.apply(sealed.encryption().keyId());
            if (key == null) {
                throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.KEY,
                        sealed.kind() + " " + sealed.id() + " is encrypted with key '" + sealed.encryption().keyId()
                                + "', which is not configured here");
            }
            String recorded = sealed.encryption().keyFingerprint();
            if (recorded != null && !recorded.equals(key.fingerprint())) {
                throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.KEY,
                        key.notTheKeyOf(sealed.kind() + " " + sealed.id(), recorded));
            }
            StoredReads source = new StoredReads(checked);
            decrypted = new AuthenticationFailureAsIntegrity(key.decrypting(source, sealed.id()), source);
        }
        return new EndsWithChecksum(ArchiveCompression.decompressing(decrypted, sealed.compression()), checked);
    }

    /**
     * Decompressors and decrypters may stop reading at the end of their last frame or segment; when the
     * plaintext ends, the rest of the stored bytes are read so the checksum covers all of them.
     */
    private static final class EndsWithChecksum extends FilterInputStream {
        private final InputStream stored;

        EndsWithChecksum(InputStream plaintext, InputStream stored) {
            super(plaintext);
            this.stored = stored;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                drainStored();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                drainStored();
            }
            return n;
        }

        private void drainStored() throws IOException {
            byte[] rest = new byte[8192];
            while (stored.read(rest) >= 0) {
                // the checksum stream checks at its end
            }
        }
    }

    /** Passes bytes through, and at their end compares their count and SHA-256 with the manifest's. */
    static final class ChecksumCheckingStream extends DigestInputStream {
        private final String expectedSha256;
        private final long expectedSize;
        private long size;
        private boolean checked;

        ChecksumCheckingStream(InputStream in, String expectedSha256, long expectedSize) {
            super(in, sha256());
            this.expectedSha256 = expectedSha256;
            this.expectedSize = expectedSize;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                check();
            } else {
                size++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                check();
            } else {
                size += n;
            }
            return n;
        }

        private void check() throws ArchiveIntegrityException {
            if (checked) {
                return;
            }
            checked = true;
            String actual = HexFormat.of().formatHex(getMessageDigest().digest());
            if (size != expectedSize || !actual.equals(expectedSha256)) {
                throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM,
                        "stored archive has " + size + " bytes with SHA-256 " + actual + "; the manifest says "
                                + expectedSize + " bytes with " + expectedSha256);
            }
        }
    }

    /** Tink reports a segment that does not authenticate as a plain IOException; name it. */
    private static final class AuthenticationFailureAsIntegrity extends FilterInputStream {
        private final StoredReads source;

        AuthenticationFailureAsIntegrity(InputStream in, StoredReads source) {
            super(in);
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ArchiveIntegrityException e) {
                throw e;
            } catch (IOException e) {
                throw tagFailure(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (ArchiveIntegrityException e) {
                throw e;
            } catch (IOException e) {
                throw tagFailure(e);
            }
        }

        /** A failure to read the stored bytes (the bucket: a missing object, a lost connection) is that failure, not a tag's. */
        private IOException tagFailure(IOException e) {
            if (source.failure != null) {
                return source.failure;
            }
            return new ArchiveIntegrityException(ArchiveIntegrityException.Check.ENCRYPTION_TAG,
                    "encrypted archive does not authenticate: " + e.getMessage());
        }
    }

    /** The stored bytes as the decrypter reads them, remembering a failure to read them. */
    private static final class StoredReads extends FilterInputStream {
        private IOException failure;

        StoredReads(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
