package dev.lifeboat.backup.dump;

import dev.lifeboat.archive.ArchiveCompression;
import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.events.backup.Compression;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The streaming pipeline from {@code pg_dump}'s stdout to the stored object: count each table's rows
 * ({@link DumpRowCounter}), compress, then encrypt (when a key is configured), then count and hash the
 * stored bytes on their way to the upload.
 * Nothing is buffered beyond fixed-size buffers.
 */
public final class ArchiveWriter {

    private ArchiveWriter() {
    }

    /** The stored bytes (how many, and their SHA-256), the dump's own size, and the rows it holds per table. */
    public record Written(long sizeBytes, String sha256, long plaintextBytes, DumpedRows rows) {
    }

    public static Written copy(InputStream archive, OutputStream storage, Compression compression, int level, int workers,
                               Optional<ArchiveEncryption> encryption, String backupId) throws IOException {
        CountingDigest stored = new CountingDigest(storage);
        OutputStream encrypted = encryption.isPresent() ? encryption.get().encrypting(stored, backupId) : stored;
        DumpRowCounter.Copied dump;
        try (OutputStream compressed = ArchiveCompression.compressing(new KeepOpen(encrypted), compression, level, workers)) {
            dump = DumpRowCounter.copy(archive, compressed);
        }
        // Closing the encrypting stream writes its final segment; the storage stream itself stays open for complete().
        if (encryption.isPresent()) {
            encrypted.close();
        }
        return new Written(stored.count, HexFormat.of().formatHex(stored.digest.digest()), dump.bytes(), dump.rows());
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
    private static final class CountingDigest extends FilterOutputStream {
        private final MessageDigest digest;
        private long count;

        CountingDigest(OutputStream out) {
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
