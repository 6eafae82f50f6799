package dev.lifeboat.changes.timeline;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.ChangeArchive;
import dev.lifeboat.changes.segment.SegmentManifest;
import dev.lifeboat.changes.segment.SegmentSpan;
import dev.lifeboat.changes.segment.TransactionSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The captured transactions of a database, as an operator looking for the moment something went wrong asks for them:
 * from the archive's span index and each segment's manifest and transaction summaries, never its rows. Segments are read
 * {@link #TOGETHER} at a time, side by side; an order by time stops once its page is full. Blocking: worker threads only.
 */
public final class ChangeTimeline {

    /** Segments read side by side. */
    static final int TOGETHER = 16;
    /**
     * The most segments an order by rows reads that the span index does not summarise (the last few hundred a capture
     * stored, and those stored before summaries): narrow the range.
     */
    public static final int MAX_SEGMENTS_BY_ROWS = 2_000;

    private static final ExecutorService READERS = Executors.newFixedThreadPool(TOGETHER, task -> {
        Thread thread = new Thread(task, "change-timeline-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final ChangeArchive archive;
    private final Function<String, ArchiveEncryption> keys;

    /** @param keys the configured key of a key id, or null when there is none */
    public ChangeTimeline(ChangeArchive archive, Function<String, ArchiveEncryption> keys) {
        this.archive = archive;
        this.keys = keys;
    }

    /**
     * The transactions of {@code databaseId} the query asks for.
     *
     * @throws IllegalArgumentException an order by rows over more than {@link #MAX_SEGMENTS_BY_ROWS} segments
     */
    public TimelinePage page(String databaseId, TimelineQuery query) throws Exception {
        List<SegmentSpan> inRange = archive.spans(databaseId).stream().filter(query::overlaps).toList();
        List<SegmentSpan> candidates = new ArrayList<>(inRange.stream().filter(query::mayHold).toList());
        boolean byRows = query.order() == TimelineQuery.Order.ROWS;
        if (byRows) {
            // the spans that do not say how large their transactions are first (every one must be read), then the
            // largest first: reading stops once no segment left can hold a transaction larger than those kept
            candidates.sort(Comparator.comparing((SegmentSpan span) -> span.summarised())
                    .thenComparing(span -> span.summarised() ? -span.largestTransaction() : 0)
                    .thenComparing(SegmentSpan::fromLsn));
            long unsummarised = candidates.stream().filter(span -> !span.summarised()).count();
            if (unsummarised > MAX_SEGMENTS_BY_ROWS) {
                throw new IllegalArgumentException("ordering by rows reads every segment of the range the span index does not"
                        + " summarise: " + unsummarised + " segments hold commits from " + query.from() + " to " + query.to()
                        + ", more than " + MAX_SEGMENTS_BY_ROWS + "; narrow the range or order by time");
            }
        }
        // by rows, only the largest so far are kept (the smallest of them at the head); by time, what matched in order
        Comparator<TransactionSummary> largestFirst = Comparator.comparingLong(TransactionSummary::rowsTouched).reversed()
                .thenComparing(TransactionSummary::commitLsn);
        PriorityQueue<TransactionSummary> largest = new PriorityQueue<>(largestFirst.reversed());
        List<TransactionSummary> found = new ArrayList<>();
        int read = 0;
        for (int start = 0; start < candidates.size(); start += TOGETHER) {
            if (byRows && largest.size() == query.limit() && cannotOutrank(candidates.get(start), largest.peek())) {
                break;
            }
            List<CompletableFuture<Summaries>> reads = new ArrayList<>();
            for (SegmentSpan span : candidates.subList(start, Math.min(candidates.size(), start + TOGETHER))) {
                reads.add(CompletableFuture.supplyAsync(() -> summaries(span, query::mayHold), READERS));
            }
            for (CompletableFuture<Summaries> segment : reads) {
                Summaries summaries = await(segment);
                read += summaries.read() ? 1 : 0;
                for (TransactionSummary transaction : summaries.transactions()) {
                    if (!query.matches(transaction)) {
                        continue;
                    }
                    if (!byRows) {
                        found.add(transaction);
                    } else {
                        largest.add(transaction);
                        if (largest.size() > query.limit()) {
                            largest.poll();
                        }
                    }
                }
            }
            if (!byRows && found.size() >= query.limit()) {
                List<TransactionSummary> page = found.subList(0, query.limit());
                return new TimelinePage(page, page.get(page.size() - 1).commitLsn(), read, inRange.size());
            }
        }
        if (byRows) {
            found.addAll(largest);
            found.sort(largestFirst);
        }
        return new TimelinePage(found.subList(0, Math.min(found.size(), query.limit())), null, read, inRange.size());
    }

    /**
     * Whether no transaction of this span, nor of any after it in the order of reading (summarised, the largest first,
     * then in stream order), can rank before {@code worst}: none is larger, and an equal one committed after it.
     */
    private static boolean cannotOutrank(SegmentSpan next, TransactionSummary worst) {
        return next.summarised() && (next.largestTransaction() < worst.rowsTouched()
                || (next.largestTransaction() == worst.rowsTouched() && !next.fromLsn().before(worst.commitLsn())));
    }

    /**
     * The captured transaction that committed at {@code commitLsn}: from the one segment of the archive's spans (as
     * {@link ChangeArchive#spans} lists them: the caller plans with the same listing) whose span holds it. Empty when no
     * stored transaction committed there (a position inside a transaction, or one retention deleted).
     */
    public Optional<TransactionSummary> transaction(List<SegmentSpan> spans, Lsn commitLsn) throws Exception {
        for (SegmentSpan span : spans) {
            if (span.fromLsn().after(commitLsn)) {
                break;
            }
            if (span.lastCommitLsn() != null && !span.lastCommitLsn().before(commitLsn)) {
                return archive.summaries(archive.manifest(span), keys).stream()
                        .filter(transaction -> transaction.commitLsn().equals(commitLsn)).findFirst();
            }
        }
        return Optional.empty();
    }

    /**
     * Every captured transaction whose id is {@code xid}, oldest first: the archive's spans (as {@link ChangeArchive#spans}
     * lists them) read whole, {@value #TOGETHER} at a time. Usually one; two or more when the database moved to another
     * server (whose ids are its own) or its ids wrapped around (after 2^32 transactions), which only the commit position
     * tells apart. Empty when none is stored.
     */
    public List<TransactionSummary> withId(List<SegmentSpan> spans, long xid) throws Exception {
        List<TransactionSummary> found = new ArrayList<>();
        for (int start = 0; start < spans.size(); start += TOGETHER) {
            List<CompletableFuture<Summaries>> reads = new ArrayList<>();
            for (SegmentSpan span : spans.subList(start, Math.min(spans.size(), start + TOGETHER))) {
                reads.add(CompletableFuture.supplyAsync(() -> summaries(span, every -> true), READERS));
            }
            for (CompletableFuture<Summaries> segment : reads) {
                await(segment).transactions().stream().filter(transaction -> transaction.xid() == xid).forEach(found::add);
            }
        }
        return found;
    }

    /** A segment's summaries, none when its manifest says it holds no answer (or retention deleted it meanwhile). */
    private record Summaries(boolean read, List<TransactionSummary> transactions) {
    }

    /** @param mayHold whether a segment of this span may hold an answer (its manifest's span, read first) */
    private Summaries summaries(SegmentSpan span, Predicate<SegmentSpan> mayHold) {
        try {
            SegmentManifest segment = archive.manifest(span);
            if (!mayHold.test(segment.span())) {
                return new Summaries(false, List.of());
            }
            return new Summaries(true, archive.summaries(segment, keys));
        } catch (MissingObjectException retired) {
            return new Summaries(false, List.of());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static <T> T await(CompletableFuture<T> read) throws Exception {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
