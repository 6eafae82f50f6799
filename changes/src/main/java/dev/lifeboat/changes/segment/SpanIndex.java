package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.archive.bucket.MissingObjectException;
import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
    static final int INDEXED_TOGETHER = 500;

    /** The indexed spans, in stream order, and where the last index object's segments end ({@link Lsn#ZERO}: none). */
    record Indexed(List<SegmentSpan> spans, Lsn end) {
    }

    private final BucketObjects bucket;
    private final int together;

    SpanIndex(BucketObjects bucket, int together) {
        this.bucket = bucket;
        this.together = together;
    }

    /** The indexed spans of segments retention has not deleted. */
    Indexed read(String databaseId) throws IOException {
        List<SegmentSpan> spans = new ArrayList<>();
        Lsn end = Lsn.ZERO;
        for (String key : bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId))) {
            Optional<Lsn> objectEnd = ChangeArchiveLayout.indexEnd(key);
            if (objectEnd.isEmpty()) {
                continue;
            }
            end = objectEnd.get();
            try {
                spans.addAll(List.of(SegmentJson.read(bucket.text(key), SegmentSpan[].class)));
            } catch (MissingObjectException deletedMeanwhile) {
                // retention deleted it after the listing: its segments are gone too
            }
        }
        if (!spans.isEmpty()) {
            Lsn retained = retainedFrom(databaseId);
            spans.removeIf(span -> !span.toLsn().after(retained));
        }
        return new Indexed(spans, end);
    }

    Lsn end(String databaseId) throws IOException {
        Lsn end = Lsn.ZERO;
        for (String key : bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId))) {
            end = ChangeArchiveLayout.indexEnd(key).orElse(end);
        }
        return end;
    }

    /** Indexes every whole run of {@code together} of these spans (those stored after the index's end). */
    int add(String databaseId, List<SegmentSpan> unindexed) throws IOException {
        List<SegmentSpan> sorted = new ArrayList<>(unindexed);
        sorted.sort(Comparator.comparing(SegmentSpan::fromLsn).thenComparing(SegmentSpan::toLsn));
        int added = 0;
        for (int start = 0; start + together <= sorted.size(); start += together) {
            List<SegmentSpan> run = sorted.subList(start, start + together);
            bucket.put(ChangeArchiveLayout.indexKey(databaseId, run.get(0).fromLsn(), run.get(run.size() - 1).toLsn()),
                    "application/json", SegmentJson.MAPPER.writeValueAsString(run));
            added++;
        }
        return added;
    }

    /** Records that every segment ending at or before {@code position} is (about to be) deleted. */
    void retainFrom(String databaseId, Lsn position) throws IOException {
        bucket.put(ChangeArchiveLayout.retainedKey(databaseId), "application/json",
                SegmentJson.MAPPER.writeValueAsString(position.value()));
    }

    /** Deletes the index objects whose segments all end at or before {@code position} (retention deleted them). */
    void deleteUpTo(String databaseId, Lsn position) throws IOException {
        for (String key : bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId))) {
            if (ChangeArchiveLayout.indexEnd(key).filter(end -> !end.after(position)).isPresent()) {
                bucket.delete(key);
            }
        }
    }

    private Lsn retainedFrom(String databaseId) throws IOException {
        try {
            return new Lsn(Long.parseLong(bucket.text(ChangeArchiveLayout.retainedKey(databaseId)).trim()));
        } catch (MissingObjectException none) {
            return Lsn.ZERO;
        } catch (NumberFormatException e) {
            throw new IOException(ChangeArchiveLayout.retainedKey(databaseId) + " is not a stream position: " + e.getMessage(), e);
        }
    }
}
