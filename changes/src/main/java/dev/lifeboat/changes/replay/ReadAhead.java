package dev.lifeboat.changes.replay;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.SegmentSpan;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The planned segments read on a thread of their own, a little ahead of the replay: fetching, checking, decrypting,
 * decompressing and decoding the next transactions overlaps with applying these (on two cores a replay's reading was
 * a third of its time). What is read but not yet taken is bounded by its size, {@value #MOST_KIB} KiB of row changes
 * (as {@link RowChange#estimatedBytes()} reckons them) at the most, one transaction (or a spilled one's part) always
 * passing, so memory does not grow with the archive or its rows. A reading failure, an {@code Error} too, reaches the
 * replay as what the reading threw, once the transactions before it are taken.
 */
final class ReadAhead implements AutoCloseable {

    static final int MOST_KIB = 16 * 1024;

    /** What the reader hands over, in order: a segment's manifest, its transactions, then the next segment's. */
    sealed interface Item permits Segment, Read, End, Failed {
    }

    record Segment(SegmentManifest manifest) implements Item {
    }

    record Read(Transaction transaction, int permits) implements Item {
    }

    record End() implements Item {
    }

    record Failed(Throwable cause) implements Item {
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(4_096);
    private final Semaphore room = new Semaphore(MOST_KIB);
    private final Thread reader;
    private volatile boolean closed;

    ReadAhead(List<SegmentSpan> segments, ChangeArchive archive, Function<String, ArchiveEncryption> keys) {
        reader = new Thread(() -> read(segments, archive, keys), "replay-read");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next item in order; blocks until the reader has it. */
    Item next() throws InterruptedException {
        Item item = queue.take();
        if (item instanceof Read read) {
            room.release(read.permits());
        }
        return item;
    }

    private void read(List<SegmentSpan> segments, ChangeArchive archive, Function<String, ArchiveEncryption> keys) {
        try {
            for (SegmentSpan span : segments) {
                if (closed) {
                    return;
                }
                SegmentManifest manifest = archive.manifest(span);
                queue.put(new Segment(manifest));
                archive.read(manifest, keys, transaction -> {
                    if (closed) {
                        throw new InterruptedException("the replay stopped reading");
                    }
                    int permits = kib(transaction);
                    room.acquire(permits);
                    queue.put(new Read(transaction, permits));
                });
            }
            queue.put(new End());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: nobody takes what follows
        } catch (Throwable e) { // an Error too: the replay waits for an item, and must not wait for ever
            try {
                if (!closed) {
                    queue.put(new Failed(e));
                }
            } catch (InterruptedException closedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Its size in KiB as the bound counts it: at least 1, at most the whole bound (so that it always passes). */
    private static int kib(Transaction transaction) {
        long bytes = 0;
        for (RowChange change : transaction.changes()) {
            bytes += change.estimatedBytes();
        }
        return (int) Math.max(1, Math.min(MOST_KIB, bytes >> 10));
    }

    /** Stops the reader (the replay reached its moment, or failed) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        reader.interrupt();
        reader.join(30_000);
    }
}
