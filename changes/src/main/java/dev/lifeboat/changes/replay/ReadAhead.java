package dev.lifeboat.changes.replay;

import dev.lifeboat.archive.ArchiveEncryption;
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
 * a third of its time). What is read but not yet taken is bounded, {@value #MOST_CHANGES} row changes at the most (a
 * spilled transaction's part of 10,000 changes counts as a whole), so memory does not grow with the archive. A reading
 * failure reaches the replay as the exception the reading threw, once the transactions before it are taken.
 */
final class ReadAhead implements AutoCloseable {

    static final int MOST_CHANGES = 20_000;

    /** What the reader hands over, in order: a segment's manifest, its transactions, then the next segment's. */
    sealed interface Item permits Segment, Read, End, Failed {
    }

    record Segment(SegmentManifest manifest) implements Item {
    }

    record Read(Transaction transaction, int permits) implements Item {
    }

    record End() implements Item {
    }

    record Failed(Exception cause) implements Item {
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(4_096);
    private final Semaphore room = new Semaphore(MOST_CHANGES);
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
                    int permits = Math.max(1, Math.min(MOST_CHANGES, transaction.changes().size()));
                    room.acquire(permits);
                    queue.put(new Read(transaction, permits));
                });
            }
            queue.put(new End());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: nobody takes what follows
        } catch (Exception e) {
            try {
                if (!closed) {
                    queue.put(new Failed(e));
                }
            } catch (InterruptedException closedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the reader (the replay reached its moment, or failed) and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        reader.interrupt();
        reader.join(30_000);
    }
}
