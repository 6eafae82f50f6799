package dev.lifeboat.backup.dump;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.SealingStream;
import dev.lifeboat.events.backup.Compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The streaming pipeline from a dump's output (pg_dump's, or wrangler's export) to the stored object: count each table's
 * rows with the engine's reader of its own dump, then seal ({@link SealingStream}: compress, encrypt when a key is
 * configured, count and hash the stored bytes on their way to the upload). Nothing is buffered beyond fixed-size buffers.
 */
public final class ArchiveWriter {

    private ArchiveWriter() {
    }

    /** The engine's reader of its dump: copies all of it to {@code out}, counting each table's rows on the way. */
    public interface RowCounter {
        DumpRowCounter.Copied copy(InputStream dump, OutputStream out) throws IOException;
    }

    /** The stored bytes (how many, and their SHA-256), the dump's own size, and the rows it holds per table. */
    public record Written(long sizeBytes, String sha256, long plaintextBytes, DumpedRows rows) {
    }

    public static Written copy(InputStream archive, RowCounter counter, OutputStream storage, Compression compression, int level,
                               int workers, Optional<ArchiveEncryption> encryption, String backupId) throws IOException {
        SealingStream sealed = SealingStream.open(storage, compression, level, workers, encryption, backupId);
        DumpRowCounter.Copied dump;
        try (sealed) {
            dump = counter.copy(archive, sealed);
        }
        return new Written(sealed.sizeBytes(), sealed.sha256(), dump.bytes(), dump.rows());
    }
}
