package dev.lifeboat.archive;

import dev.lifeboat.events.backup.Compression;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Takes an archive's plaintext and writes its stored form: compressed, then encrypted (when a key is configured), the
 * stored bytes counted and hashed on their way to {@code storage}, which it never closes. Closing it finishes the
 * compressed frames and the last encrypted segment; then {@link #sizeBytes()} and {@link #sha256()} describe what was
 * stored. Backups and change segments are sealed the same way; {@link ArchiveReader} opens both.
 */
public final class SealingStream extends FilterOutputStream {

    private final StoredBytes stored;
    private final OutputStream encrypted;
    private boolean closed;
    private String sha256;

    private SealingStream(OutputStream compressed, OutputStream encrypted, StoredBytes stored) {
        super(compressed);
        this.encrypted = encrypted;
        this.stored = stored;
    }

    /**
     * @param associatedData what the ciphertext is bound to (a backup's or a segment's id)
     * @param workers        zstd worker threads (0: compress on the writing thread)
     */
    public static SealingStream open(OutputStream storage, Compression compression, int level, int workers,
                                     Optional<ArchiveEncryption> encryption, String associatedData) throws IOException {
        StoredBytes stored = new StoredBytes(storage);
        OutputStream encrypted = encryption.isPresent() ? encryption.get().encrypting(stored, associatedData) : stored;
        OutputStream compressed = ArchiveCompression.compressing(new KeepOpen(encrypted), compression, level, workers);
        return new SealingStream(compressed, encrypted, stored);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
        // closing the encrypting stream writes its final segment; the storage itself stays open
        if (encrypted != stored) {
            encrypted.close();
        }
        sha256 = HexFormat.of().formatHex(stored.digest.digest());
    }

    /** Stored bytes, once closed. */
    public long sizeBytes() {
        return stored.count;
    }

    /** Hex SHA-256 of the stored bytes, once closed. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("the stored bytes are known once the stream is closed");
        }
        return sha256;
    }

    /** Closing the compressor finishes its frames but must not close the layers below: encryption closes on its own. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Counts and hashes what passes to the storage, which it never closes. */
    private static final class StoredBytes extends FilterOutputStream {
        private final MessageDigest digest;
        private long count;

        StoredBytes(OutputStream out) {
            super(out);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            count += length;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
