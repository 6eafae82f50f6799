package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.decode.TransactionMemory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param segmentBytes      a segment closes when its changes reach about this many bytes of JSON
 * @param segmentAge        or when its first transaction is this old: the RPO knob (a commit is stored within about this long)
 * @param heartbeat         how often an idle stream is proven complete up to now (a logical message through the stream)
 * @param tablePoll         how often the catalog is looked at: for new tables, which join the publication, and where no
 *                          event trigger records DDL for schema changes (the archive is complete no further than the last
 *                          look, and a gap starts at most this long before the change); with the trigger, at least every 15 s
 * @param transactionBytes  the changes of one open transaction (as JSON, roughly) held in memory; a larger transaction
 *                          spills to {@code spillDirectory} until it commits, and is stored as a segment of its own
 * @param spillDirectory    where large transactions wait for their commit (the capture's own files are deleted as it starts)
 */
public record CaptureSettings(long segmentBytes, Duration segmentAge, Duration heartbeat, Duration tablePoll,
                              long transactionBytes, Path spillDirectory) {

    /** 16 MB or 10 s segments, a heartbeat every 10 s, a catalog look every second, 32 MB of a transaction in memory. */
    public static final CaptureSettings DEFAULTS = new CaptureSettings(16L << 20, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    /** With 32 MB of a transaction in memory and the rest spilled to the JVM's temporary directory. */
    public CaptureSettings(long segmentBytes, Duration segmentAge, Duration heartbeat, Duration tablePoll) {
        this(segmentBytes, segmentAge, heartbeat, tablePoll, 32L << 20, Path.of(System.getProperty("java.io.tmpdir")));
    }

    TransactionMemory transactionMemory(String databaseId) {
        return new TransactionMemory(transactionBytes, spillDirectory, databaseId);
    }
}
