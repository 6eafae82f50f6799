package dev.lifeboat.backup.dump;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.SealingStream;
import dev.lifeboat.events.backup.Compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The streaming pipeline from {@code pg_dump}'s stdout to the stored object: count each table's rows
 * ({@link DumpRowCounter}), then seal ({@link SealingStream}: compress, encrypt when a key is configured, count and
 * hash the stored bytes on their way to the upload).
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
        SealingStream sealed = SealingStream.open(storage, compression, level, workers, encryption, backupId);
        DumpRowCounter.Copied dump;
        try (sealed) {
            dump = DumpRowCounter.copy(archive, sealed);
        }
        return new Written(sealed.sizeBytes(), sealed.sha256(), dump.bytes(), dump.rows());
    }
}
