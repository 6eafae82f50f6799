package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.decode.TransactionBuffer;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.TableDefinition;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.Coverage;
import dev.lifeboat.changes.segment.SegmentContents;
import dev.lifeboat.changes.segment.SegmentManifest;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The capture's open segment and what it hands to the {@link SegmentStorer}: a segment closes when it is large or old
 * enough (or before and after a transaction that spilled to disk, which takes a segment of its own), and is stored
 * beside the stream; a heartbeat's coverage is recorded after the segments handed over before it. Not thread-safe: the
 * stream's thread uses it.
 */
final class SegmentWriter {

    /** Segments stored between looks at the span index ({@link ChangeArchive#index}), which run beside the storer. */
    static final int INDEX_EVERY = 50;
    private static final System.Logger LOG = System.getLogger(SegmentWriter.class.getName());

    private final String databaseId;
    private final ChangeArchive archive;
    private final SegmentStorer storer;
    private final CaptureObserver observer;
    private final CaptureSettings settings;
    private final Clock clock;
    /** The source's sequences, read as a segment closes; the catalog look, which bounds how far the source is accounted for. */
    private final SourceSession session;
    private final CatalogLook look;
    private Map<String, String> excluded;
    private SegmentContents open;
    private long openedAt;
    private Coverage heard;
    /** Where the last segment handed to the storer ends (stored, or about to be). */
    private Lsn handedOver;
    /** Counted on the storer's thread. */
    private final AtomicInteger storedSinceIndexed = new AtomicInteger(INDEX_EVERY - 1);
    /** How long storing the last segment took (sealing and upload), measured on the storer's thread; -1 before the first. */
    private volatile long lastStoreMillis = -1;
    /** Whether a look at the span index is under way (one at a time, on a thread of its own). */
    private final AtomicBoolean indexing = new AtomicBoolean();

    SegmentWriter(String databaseId, ChangeArchive archive, SegmentStorer storer, CaptureObserver observer,
                  CaptureSettings settings, Clock clock, Lsn from, Map<String, String> excluded, SourceSession session,
                  CatalogLook look) {
        this.session = session;
        this.look = look;
        this.databaseId = databaseId;
        this.archive = archive;
        this.storer = storer;
        this.observer = observer;
        this.settings = settings;
        this.clock = clock;
        this.handedOver = from;
        this.excluded = excluded;
        this.open = new SegmentContents(from, excluded);
    }

    /** Whether the archive (or what is on its way there) already holds a transaction that ends here. */
    boolean holds(Lsn endLsn) {
        return !endLsn.after(handedOver);
    }

    void excluded(Map<String, String> tables) {
        excluded = tables;
    }

    void add(Transaction transaction, List<TableDefinition> definitions) {
        if (open.isEmpty()) {
            openedAt = clock.millis();
        }
        open.add(transaction);
        definitions.forEach(open::definition);
    }

    void definition(TableDefinition definition) {
        open.definition(definition);
    }

    /** Stores a transaction that spilled to disk as a segment of its own, after what is open; the storer deletes its file. */
    void addSpilled(TransactionBuffer transaction, List<SchemaChange> resolved, List<TableDefinition> definitions)
            throws IOException, java.sql.SQLException {
        if (!open.isEmpty()) {
            close();
        }
        open.addSpilled(transaction, resolved);
        definitions.forEach(open::definition);
        close();
    }

    /**
     * Whether the open segment is due to close (between transactions only). The age limit is the RPO: a segment closes
     * early by what storing the last one took (a quarter of the limit before any is stored, at most half), so that its
     * first commit is stored by then.
     */
    boolean due() {
        long ageLimit = settings.segmentAge().toMillis();
        long storing = lastStoreMillis < 0 ? ageLimit / 4 : Math.min(lastStoreMillis, ageLimit / 2);
        return !open.isEmpty() && (open.estimatedBytes() >= settings.segmentBytes() || clock.millis() - openedAt >= ageLimit - storing);
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** Closes the open segment and hands it to the storer: the stream is read on while it uploads. */
    void close() throws IOException, java.sql.SQLException {
        SegmentContents closed = open;
        Transaction last = closed.transactions().get(closed.transactions().size() - 1);
        Instant covered = ChangeCapture.earlier(heard != null && heard.lsn().after(last.commitLsn()) ? heard.until()
                : last.commitTime().minus(ChangeCapture.COMMIT_ORDER_MARGIN), look.bound());
        Map<String, Long> sequences = session.sequences(); // read now, after the segment's last commit
        handedOver = closed.toLsn();
        heard = null;
        open = new SegmentContents(handedOver, excluded);
        storer.submit(() -> {
            try (TransactionBuffer spilled = closed.spilled()) {
                long began = clock.millis();
                SegmentManifest segment = archive.store(databaseId, closed, covered, sequences);
                lastStoreMillis = clock.millis() - began;
                observer.stored(segment);
                if (storedSinceIndexed.incrementAndGet() >= INDEX_EVERY && indexing.compareAndSet(false, true)) {
                    storedSinceIndexed.set(0); // the first segment a capture stores checks the index too
                    Thread indexer = new Thread(this::index, "span-index-" + databaseId);
                    indexer.setDaemon(true);
                    indexer.start();
                }
                return segment.toLsn();
            }
        });
    }

    /** The span index only speeds listings up: a failure to extend it is logged and tried again 50 segments on. */
    private void index() {
        try {
            archive.index(databaseId);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The span index of {0}''s change archive was not extended (tried again later): {1}",
                    databaseId, e.getMessage());
        } finally {
            indexing.set(false);
        }
    }

    /** A heartbeat arrived: the stream is complete up to it. Recorded at once when nothing is open. */
    void heard(Coverage coverage) throws IOException {
        heard = coverage;
        if (open.isEmpty()) {
            storer.submit(() -> {
                archive.recordCoverage(coverage);
                observer.covered(coverage);
                return coverage.lsn();
            });
        }
    }
}
