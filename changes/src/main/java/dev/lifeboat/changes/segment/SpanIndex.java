package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The span index of a database's change archive: each object ({@code changes/<database>/index/<from>-<to>.json}) holds
 * the {@link SegmentSpan}s of {@link #INDEXED_TOGETHER} consecutive stored segments, so that a plan over thousands of
 * segments reads a few index objects and lists only the segments stored since, not every segment's two keys (on S3Proxy
 * a listing page of 1,000 keys takes about 1.5 s). An index object is written after its segments' manifests, so it names
 * only stored segments. Retention first records where the kept segments begin ({@code retained-from.json}), then
 * deletes segments, then the index objects whose segments are all gone: readers leave out the spans before that mark,
 * and pass over an index object deleted while they read.
 */
final class SpanIndex {

    /** Segments per index object. */
    static final int INDEXED_TOGETHER = 400;

    /** Reads of the bucket run side by side (each waits on the network), on daemon threads that end when idle. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "change-archive-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final BucketObjects bucket;
    private final int together;

    SpanIndex(BucketObjects bucket, int together) {
        this.bucket = bucket;
        this.together = together;
    }

    /** Reads a manifest's span: a segment stored before object keys named their spans. */
    interface ManifestSpan {
        SegmentSpan of(String manifestKey) throws IOException;
    }

    /** The spans of a database's stored segments, in stream order ({@link ChangeArchive#spans}). */
    List<SegmentSpan> spans(String databaseId, ManifestSpan older) throws IOException {
        List<String> indexKeys = keys(databaseId);
        // the segments stored since the index's end are listed while its objects are read
        CompletableFuture<List<SegmentSpan>> since = CompletableFuture.supplyAsync(() -> {
            try {
                return listed(databaseId, end(indexKeys), older);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, READERS);
        List<SegmentSpan> spans = new ArrayList<>(read(databaseId, indexKeys));
        spans.addAll(await(since));
        spans.sort(Comparator.comparing(SegmentSpan::fromLsn).thenComparing(SegmentSpan::toLsn));
        return spans;
    }

    /** Indexes every whole run of segments stored since the index's end; returns how many index objects it added. */
    int extend(String databaseId, ManifestSpan older) throws IOException {
        return add(databaseId, listed(databaseId, end(databaseId), older), older);
    }

    /** The spans of the segments that start at or after {@code from}, from the listing. */
    private List<SegmentSpan> listed(String databaseId, Lsn from, ManifestSpan older) throws IOException {
        Map<String, SegmentSpan> named = new HashMap<>();
        List<String> manifests = new ArrayList<>();
        for (String key : bucket.keys(ChangeArchiveLayout.databasePrefix(databaseId), ChangeArchiveLayout.startAfter(databaseId, from))) {
            if (ChangeArchiveLayout.isManifest(key)) {
                manifests.add(key);
            } else {
                ChangeArchiveLayout.span(databaseId, key).ifPresent(span -> named.put(
                        ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder(databaseId, span.segmentId())), span));
            }
        }
        List<SegmentSpan> spans = new ArrayList<>(manifests.size());
        for (String manifest : manifests) {
            SegmentSpan span = named.get(manifest);
            spans.add(span != null ? span : older.of(manifest));
        }
        return spans;
    }

    /** The index's objects, in stream order (a stray key under its prefix is passed over). */
    private List<String> keys(String databaseId) throws IOException {
        return bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId)).stream()
                .filter(key -> ChangeArchiveLayout.indexEnd(key).isPresent()).toList();
    }

    /** Where the last of these index objects' segments end ({@link Lsn#ZERO}: none). */
    private static Lsn end(List<String> keys) {
        return keys.isEmpty() ? Lsn.ZERO : ChangeArchiveLayout.indexEnd(keys.get(keys.size() - 1)).orElseThrow();
    }

    /** The spans these index objects hold (read side by side) of segments retention has not deleted. */
    private List<SegmentSpan> read(String databaseId, List<String> keys) throws IOException {
        List<CompletableFuture<SegmentSpan[]>> reads = new ArrayList<>();
        for (String key : keys) {
            reads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return SegmentJson.read(bucket.text(key), SegmentSpan[].class);
                } catch (MissingObjectException deletedMeanwhile) {
                    return new SegmentSpan[0]; // retention deleted it after the listing: its segments are gone too
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, READERS));
        }
        List<SegmentSpan> spans = new ArrayList<>();
        for (CompletableFuture<SegmentSpan[]> read : reads) {
            spans.addAll(List.of(await(read)));
        }
        if (!spans.isEmpty()) {
            Lsn retained = retainedFrom(databaseId);
            spans.removeIf(span -> !span.toLsn().after(retained));
        }
        return spans;
    }

    /** The value of a read run on {@link #READERS}, its {@link IOException} thrown again. */
    private static <T> T await(CompletableFuture<T> read) throws IOException {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** Where the segments of the index's last object end ({@link Lsn#ZERO}: it has none). */
    Lsn end(String databaseId) throws IOException {
        return end(keys(databaseId));
    }

    /**
     * Indexes every whole run of {@code together} of these spans (those stored after the index's end), each with what its
     * manifest says its transactions did: the change timeline passes segments over by it without reading a manifest.
     */
    private int add(String databaseId, List<SegmentSpan> unindexed, ManifestSpan manifests) throws IOException {
        List<SegmentSpan> sorted = new ArrayList<>(unindexed);
        sorted.sort(Comparator.comparing(SegmentSpan::fromLsn).thenComparing(SegmentSpan::toLsn));
        int added = 0;
        for (int start = 0; start + together <= sorted.size(); start += together) {
            List<SegmentSpan> run = summarised(databaseId, sorted.subList(start, start + together), manifests);
            bucket.put(ChangeArchiveLayout.indexKey(databaseId, run.get(0).fromLsn(), run.get(run.size() - 1).toLsn()),
                    "application/json", SegmentJson.MAPPER.writeValueAsString(run));
            added++;
        }
        return added;
    }

    /** Manifests read at once while a run is indexed. */
    private static final int MANIFESTS_AT_ONCE = 16;

    /** The spans, those the listing named read from their manifests (a few at once) for what their transactions did. */
    private static List<SegmentSpan> summarised(String databaseId, List<SegmentSpan> spans, ManifestSpan manifests) throws IOException {
        List<SegmentSpan> read = new ArrayList<>(spans.size());
        for (int start = 0; start < spans.size(); start += MANIFESTS_AT_ONCE) {
            List<CompletableFuture<SegmentSpan>> reads = new ArrayList<>();
            for (SegmentSpan span : spans.subList(start, Math.min(spans.size(), start + MANIFESTS_AT_ONCE))) {
                reads.add(span.summarised() ? CompletableFuture.completedFuture(span) : CompletableFuture.supplyAsync(() -> {
                    try {
                        return manifests.of(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder(databaseId, span.segmentId())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, READERS));
            }
            for (CompletableFuture<SegmentSpan> span : reads) {
                read.add(await(span));
            }
        }
        return read;
    }

    /** Records that every segment ending at or before {@code position} is (about to be) deleted. */
    void retainFrom(String databaseId, Lsn position) throws IOException {
        bucket.put(ChangeArchiveLayout.retainedKey(databaseId), "application/json",
                SegmentJson.MAPPER.writeValueAsString(position.value()));
    }

    /** Deletes the index objects whose segments all end at or before {@code position} (retention deleted them). */
    void deleteUpTo(String databaseId, Lsn position) throws IOException {
        for (String key : keys(databaseId)) {
            if (!ChangeArchiveLayout.indexEnd(key).orElseThrow().after(position)) {
                bucket.delete(key);
            }
        }
    }

    /** Where retention recorded the kept segments begin ({@link Lsn#ZERO}: it deleted none). */
    Lsn retainedFrom(String databaseId) throws IOException {
        try {
            return new Lsn(Long.parseLong(bucket.text(ChangeArchiveLayout.retainedKey(databaseId)).trim()));
        } catch (MissingObjectException none) {
            return Lsn.ZERO;
        } catch (NumberFormatException e) {
            throw new IOException(ChangeArchiveLayout.retainedKey(databaseId) + " is not a stream position: " + e.getMessage(), e);
        }
    }
}
