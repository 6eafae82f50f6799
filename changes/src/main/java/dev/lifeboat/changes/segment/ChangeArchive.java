package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.SealingStream;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.Transaction;
import dev.lifeboat.events.backup.Compression;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The change archive in the bucket: segments are stored sealed as backups are (compressed, encrypted when a key is
 * configured, SHA-256 of the stored bytes), the object first and the manifest last, so that a manifest always names a
 * whole object. Blocking: worker threads only.
 */
public final class ChangeArchive {

    private final BucketObjects bucket;
    private final Compression compression;
    private final int level;
    private final Optional<ArchiveEncryption> encryption;
    private final Clock clock;
    private final SpanIndex index;

    /** An archive for reading only (a restore, a check, a copy's retention): the compression and key of writing are not used. */
    public static ChangeArchive reading(BucketObjects bucket) {
        return new ChangeArchive(bucket, Compression.NONE, 0, Optional.empty(), Clock.systemUTC());
    }

    public ChangeArchive(BucketObjects bucket, Compression compression, int level, Optional<ArchiveEncryption> encryption, Clock clock) {
        this(bucket, compression, level, encryption, clock, SpanIndex.INDEXED_TOGETHER);
    }

    /** @param indexedTogether segments per object of the span index */
    ChangeArchive(BucketObjects bucket, Compression compression, int level, Optional<ArchiveEncryption> encryption, Clock clock,
                  int indexedTogether) {
        this.bucket = bucket;
        this.compression = compression;
        this.level = level;
        this.encryption = encryption;
        this.clock = clock;
        this.index = new SpanIndex(bucket, indexedTogether);
    }

    /**
     * Stores a closed segment; when this returns, the slot may be confirmed up to its {@code toLsn}.
     *
     * @param coveredUntil the source's time up to which the segment holds every commit (at least its last commit's)
     * @param sequences    every sequence's value read after the segment's last commit
     */
    public SegmentManifest store(String databaseId, SegmentContents contents, Instant coveredUntil,
                                 Map<String, Long> sequences) throws IOException {
        String segmentId = ChangeArchiveLayout.segmentId(contents.fromLsn(), contents.toLsn());
        String folder = ChangeArchiveLayout.folder(databaseId, segmentId);
        List<Transaction> transactions = contents.transactions();
        Transaction first = transactions.get(0);
        Transaction last = transactions.get(transactions.size() - 1);
        Instant covered = coveredUntil.isBefore(last.commitTime()) ? last.commitTime() : coveredUntil;
        String objectKey = ChangeArchiveLayout.objectKey(folder, last.commitLsn(), first.commitTime(), covered,
                ArchiveLayout.ArchiveSuffix.of(compression, encryption.isPresent()));
        SealingStream sealed;
        TransactionSummaries summaries = new TransactionSummaries();
        if (contents.spilled() == null) {
            ByteArrayOutputStream stored = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, contents.estimatedBytes() / 4 + 1024));
            sealed = seal(stored, segmentId, contents, summaries);
            bucket.put(objectKey, "application/octet-stream", stored.toByteArray());
        } else {
            // a transaction too large for memory: sealed to a file beside its spilled changes, then uploaded from there
            Path file = contents.spilled().scratchFile(".segment");
            try {
                try (OutputStream stored = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    sealed = seal(stored, segmentId, contents, summaries);
                }
                bucket.put(objectKey, "application/octet-stream", file);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        SegmentManifest manifest = new SegmentManifest(SegmentManifest.FORMAT_VERSION, databaseId, segmentId, objectKey,
                contents.fromLsn(), contents.toLsn(), first.commitLsn(), last.commitLsn(),
                first.commitTime(), last.commitTime(), covered, transactions.size(), contents.rowChanges(),
                contents.definitions(), contents.excluded(), sequences,
                sealed.sizeBytes(), sealed.sha256(), compression, level,
                encryption.map(key -> key.describe("segment-id")).orElse(null),
                clock.instant(), SegmentTimeline.store(bucket, folder, segmentId, summaries.summaries(), compression, level, encryption));
        bucket.put(ChangeArchiveLayout.manifestKey(folder), "application/json", SegmentJson.write(manifest));
        return manifest;
    }

    /** Seals the segment's lines, each summarised as it is written. */
    private SealingStream seal(OutputStream stored, String segmentId, SegmentContents contents, TransactionSummaries summaries)
            throws IOException {
        SealingStream sealed = SealingStream.open(stored, compression, level, 0, encryption, segmentId);
        try (sealed) {
            for (Iterator<Transaction> lines = contents.lines(); lines.hasNext(); ) {
                Transaction line = lines.next();
                summaries.add(line);
                sealed.write(SegmentJson.MAPPER.writeValueAsBytes(line));
                sealed.write('\n');
            }
        }
        return sealed;
    }

    /** Every stored segment of a database, in stream order. */
    public List<SegmentManifest> segments(String databaseId) throws IOException {
        return segmentsFrom(databaseId, Lsn.ZERO);
    }

    /**
     * The stored segments of a database that start at or after {@code from}, in stream order: the listing starts there
     * (keys sort as positions), so a reader that follows the archive reads only what is new.
     */
    public List<SegmentManifest> segmentsFrom(String databaseId, Lsn from) throws IOException {
        List<SegmentManifest> segments = new ArrayList<>();
        for (String key : bucket.keys(ChangeArchiveLayout.databasePrefix(databaseId), ChangeArchiveLayout.startAfter(databaseId, from))) {
            if (ChangeArchiveLayout.isManifest(key)) {
                segments.add(manifest(key));
            }
        }
        segments.sort(Comparator.comparing(SegmentManifest::fromLsn).thenComparing(SegmentManifest::toLsn));
        return segments;
    }

    /**
     * The spans of a database's stored segments, in stream order, without reading a manifest: those of the span index,
     * then those stored after it, from the listing (each segment's object key names its span; an older segment's
     * manifest is read). A segment whose manifest is not stored yet, or no longer, is not listed; nor is one retention
     * deleted that an index object still names.
     */
    public List<SegmentSpan> spans(String databaseId) throws IOException {
        return index.spans(databaseId, key -> manifest(key).span());
    }

    /**
     * Adds to the span index ({@link SpanIndex}) every whole run of its segments stored since its end, so that
     * {@link #spans} lists few keys however long the archive grows. The capture calls it as it goes, beside the
     * stream. Returns how many index objects it added.
     */
    public int index(String databaseId) throws IOException {
        return index.extend(databaseId, key -> manifest(key).span());
    }

    /**
     * Deletes segments retention no longer needs, the oldest of the archive, in order: first it records where the kept
     * ones begin (the span index's readers leave out what lies before), then each segment, then the index objects that
     * name only deleted segments.
     */
    public void retire(String databaseId, List<SegmentManifest> oldest) throws IOException {
        if (oldest.isEmpty()) {
            return;
        }
        Lsn end = oldest.get(oldest.size() - 1).toLsn();
        index.retainFrom(databaseId, end);
        for (SegmentManifest segment : oldest) {
            delete(segment);
        }
        index.deleteUpTo(databaseId, end);
    }

    /** The manifest of a listed segment: what reading it needs (its object, seal, definitions, sequences). */
    public SegmentManifest manifest(SegmentSpan span) throws IOException {
        return manifest(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder(span.databaseId(), span.segmentId())));
    }

    private SegmentManifest manifest(String key) throws IOException {
        try {
            return SegmentJson.manifest(bucket.text(key));
        } catch (IllegalArgumentException e) {
            throw new IOException("s3://" + bucket.bucket() + "/" + key + " is not a readable segment manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a segment retention no longer needs: its manifest first, so the archive never lists a segment whose
     * object is gone (a crash between the two leaves only an unlisted object).
     */
    private void delete(SegmentManifest segment) throws IOException {
        bucket.delete(ChangeArchiveLayout.manifestKey(ChangeArchiveLayout.folder(segment.databaseId(), segment.segmentId())));
        bucket.delete(segment.objectKey());
        if (segment.timeline() != null) {
            bucket.delete(segment.timeline().objectKey());
        }
    }

    public void delete(Gap gap) throws IOException {
        bucket.delete(ChangeArchiveLayout.gapKey(gap.databaseId(), gap.foundAtLsn(), gap.table()));
    }

    /**
     * Where the oldest stored segment starts: the first folder with a manifest (one listing request: segment folders
     * sort first, by position, each its object then its manifest; a few objects a crashed deletion left without their
     * manifest are passed over); empty when there is none. Retention moves it forward.
     */
    public Optional<Lsn> oldestSegmentStart(String databaseId) throws IOException {
        String prefix = ChangeArchiveLayout.databasePrefix(databaseId);
        return bucket.firstKeys(prefix, 16).stream().filter(ChangeArchiveLayout::isManifest).findFirst()
                .map(key -> new Lsn(Long.parseUnsignedLong(key.substring(prefix.length(), prefix.length() + 16), 16)));
    }

    /** Records seconds that cannot be replayed exactly, as soon as they are found. */
    public void recordGap(Gap gap) throws IOException {
        String key = ChangeArchiveLayout.gapKey(gap.databaseId(), gap.foundAtLsn(), gap.table());
        bucket.put(key, "application/json", SegmentJson.write(gap));
    }

    /** Every gap recorded for a database, in stream order. */
    public List<Gap> gaps(String databaseId) throws IOException {
        List<Gap> gaps = new ArrayList<>();
        for (String key : bucket.keys(ChangeArchiveLayout.gapsPrefix(databaseId))) {
            if (!key.endsWith(".json")) {
                continue; // not a gap: S3Proxy's file store lists an upload in progress under a name of its own
            }
            try {
                gaps.add(SegmentJson.read(bucket.text(key), Gap.class));
            } catch (dev.lifeboat.archive.bucket.MissingObjectException deletedSinceListed) {
                // retention deleted it between the listing and the read: it ends before anything kept
            }
        }
        gaps.sort(Comparator.comparing(Gap::foundAtLsn));
        return gaps;
    }

    /** Word of a restore in place, left before the swap (see {@link InPlaceRestore}). */
    public void recordInPlaceRestore(InPlaceRestore restore) throws IOException {
        bucket.put(ChangeArchiveLayout.inPlaceRestoreKey(restore.databaseId(), restore.asideDatabase()), "application/json",
                SegmentJson.write(restore));
    }

    /** The restore in place that set the live database aside under this name, if the restore service left word of it. */
    public Optional<InPlaceRestore> inPlaceRestore(String databaseId, String asideDatabase) throws IOException {
        return document(ChangeArchiveLayout.inPlaceRestoreKey(databaseId, asideDatabase), InPlaceRestore.class);
    }

    /** Keeps the rate the last long enough replay of the database measured (the one before is replaced). */
    public void recordReplayRate(ReplayRate rate) throws IOException {
        bucket.put(ChangeArchiveLayout.replayRateKey(rate.databaseId()), "application/json", SegmentJson.write(rate));
    }

    /** The rate the last recorded replay of the database measured; empty when none was recorded. */
    public Optional<ReplayRate> replayRate(String databaseId) throws IOException {
        return document(ChangeArchiveLayout.replayRateKey(databaseId), ReplayRate.class);
    }

    public void recordCoverage(Coverage coverage) throws IOException {
        bucket.put(ChangeArchiveLayout.coverageKey(coverage.databaseId()), "application/json", SegmentJson.write(coverage));
    }

    /** How far the idle stream was last known complete, if a heartbeat said so. */
    public Optional<Coverage> coverage(String databaseId) throws IOException {
        return document(ChangeArchiveLayout.coverageKey(databaseId), Coverage.class);
    }

    /**
     * Reads a segment's transactions in commit order. Its checksum is checked when its bytes end and each encrypted
     * part is authenticated as it is read: a damaged segment fails the read with an {@code ArchiveIntegrityException}.
     */
    public void read(SegmentManifest segment, Function<String, ArchiveEncryption> keys, TransactionSink sink) throws Exception {
        try (InputStream stored = bucket.open(segment.objectKey());
             InputStream plaintext = new BufferedInputStream(ArchiveReader.plaintext(stored, segment.sealed(), keys), 1 << 16)) {
            TransactionDecoder.read(plaintext, sink);
        }
    }

    /** What a segment's transactions did, without their rows ({@link SegmentTimeline}; an older segment's, from itself). */
    public List<TransactionSummary> summaries(SegmentManifest segment, Function<String, ArchiveEncryption> keys) throws Exception {
        return segment.timeline() != null ? SegmentTimeline.read(bucket, segment, keys)
                : SegmentTimeline.summarise(sink -> read(segment, keys, sink));
    }

    /** A JSON document of the archive, or empty where there is none. */
    private <T> Optional<T> document(String key, Class<T> type) throws IOException {
        try {
            return Optional.of(SegmentJson.read(bucket.text(key), type));
        } catch (dev.lifeboat.archive.bucket.MissingObjectException e) {
            return Optional.empty();
        }
    }
}
