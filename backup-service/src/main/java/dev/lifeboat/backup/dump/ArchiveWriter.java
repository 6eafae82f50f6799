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

    /**
     * The engine's reader of its dump (postgres' {@code DumpRowCounter}, d1's {@code ExportRowCounter}): copies all of it
     * to {@code out}, counting each table's rows on the way, and answers what it counted in the engine's own terms.
     */
    public interface RowCounter<C> {
        C copy(InputStream dump, OutputStream out) throws IOException;
    }

    /** The stored bytes (how many, and their SHA-256), and what the engine's reader counted of the dump. */
    public record Written<C>(long sizeBytes, String sha256, C counted) {
    }

    public static <C> Written<C> copy(InputStream archive, RowCounter<C> counter, OutputStream storage, Compression compression,
                                      int level, int workers, Optional<ArchiveEncryption> encryption, String backupId) throws IOException {
        SealingStream sealed = SealingStream.open(storage, compression, level, workers, encryption, backupId);
        C counted;
        try (sealed) {
            counted = counter.copy(archive, sealed);
        }
        return new Written<>(sealed.sizeBytes(), sealed.sha256(), counted);
    }
}
