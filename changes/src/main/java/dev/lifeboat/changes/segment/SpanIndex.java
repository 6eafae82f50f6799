package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.changes.model.Lsn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The span index of a database's change archive: each object ({@code changes/<database>/index/<from>-<to>.json}) holds
 * the {@link SegmentSpan}s of {@link #INDEXED_TOGETHER} (1,000) consecutive stored segments, so that a plan over thousands of
 * segments lists a few index keys and the segments stored since, not every segment's two keys (on S3Proxy a listing page
 * of 1,000 keys takes about 1.5 s). An index object is written after its segments' manifests, so it names only stored
 * segments; retention deletes an object once its segments are all gone, and readers pass over the ones it has deleted
 * meanwhile.
 */
final class SpanIndex {

    /** Segments per index object. */
    static final int INDEXED_TOGETHER = 1_000;

    /** The indexed spans, in stream order, and where the last index object's segments end ({@link Lsn#ZERO}: none). */
    record Indexed(List<SegmentSpan> spans, Lsn end) {
    }

    private final BucketObjects bucket;
    private final int together;

    SpanIndex(BucketObjects bucket, int together) {
        this.bucket = bucket;
        this.together = together;
    }

    Indexed read(String databaseId) throws IOException {
        List<SegmentSpan> spans = new ArrayList<>();
        Lsn end = Lsn.ZERO;
        for (String key : bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId))) {
            spans.addAll(List.of(SegmentJson.read(bucket.text(key), SegmentSpan[].class)));
            end = ChangeArchiveLayout.indexEnd(key);
        }
        return new Indexed(spans, end);
    }

    Lsn end(String databaseId) throws IOException {
        List<String> keys = bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId));
        return keys.isEmpty() ? Lsn.ZERO : ChangeArchiveLayout.indexEnd(keys.get(keys.size() - 1));
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

    void deleteUpTo(String databaseId, Lsn position) throws IOException {
        for (String key : bucket.keys(ChangeArchiveLayout.indexPrefix(databaseId))) {
            if (!ChangeArchiveLayout.indexEnd(key).after(position)) {
                bucket.delete(key);
            }
        }
    }
}
