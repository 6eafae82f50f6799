package dev.lifeboat.archive;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.lifeboat.events.backup.Compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Compresses and decompresses an archive as a stream; memory does not grow with its size. */
public final class ArchiveCompression {

    private static final int GZIP_BUFFER = 64 * 1024;

    private ArchiveCompression() {
    }

    /**
     * @param level    zstd 1–19 (1 fastest), gzip 1–9; ignored for NONE
     * @param workers  zstd worker threads (0: compress on the writing thread)
     */
    public static OutputStream compressing(OutputStream out, Compression compression, int level, int workers) throws IOException {
        return switch (compression) {
            case NONE -> out;
            case GZIP -> new LeveledGzipOutputStream(out, level);
            case ZSTD -> new ZstdOutputStream(out).setLevel(level).setWorkers(workers);
        };
    }

    public static InputStream decompressing(InputStream in, Compression compression) throws IOException {
        return switch (compression) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, GZIP_BUFFER);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, GZIP_BUFFER);
            def.setLevel(level);
        }
    }
}
