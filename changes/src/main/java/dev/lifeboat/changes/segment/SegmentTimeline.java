package dev.lifeboat.changes.segment;

import dev.lifeboat.archive.ArchiveEncryption;
import dev.lifeboat.archive.ArchiveIntegrityException;
import dev.lifeboat.archive.ArchiveLayout;
import dev.lifeboat.archive.ArchiveReader;
import dev.lifeboat.archive.SealingStream;
import dev.lifeboat.archive.bucket.BucketObjects;
import dev.lifeboat.events.backup.Compression;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A segment's transaction summaries ({@link TransactionSummary}), stored beside it ({@code <folder>/timeline.jsonl...},
 * one summary per line), sealed as the segment is (a DDL command's text is the source's: it is encrypted too), its
 * ciphertext bound to {@code <segmentId>/timeline} so that it cannot pass for the segment. The change timeline reads these,
 * never the segments' rows.
 */
final class SegmentTimeline {

    static final String KIND = "change timeline";

    private SegmentTimeline() {
    }

    /** What the manifest records of the stored summaries. */
    static SegmentManifest.Timeline store(BucketObjects bucket, String folder, String segmentId, List<TransactionSummary> summaries,
                                          Compression compression, int level, Optional<ArchiveEncryption> encryption) throws IOException {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        SealingStream sealed = SealingStream.open(stored, compression, level, 0, encryption, boundTo(segmentId));
        try (sealed) {
            for (TransactionSummary summary : summaries) {
                sealed.write(SegmentJson.MAPPER.writeValueAsBytes(summary));
                sealed.write('\n');
            }
        }
        String key = ChangeArchiveLayout.timelineKey(folder, ArchiveLayout.ArchiveSuffix.of(compression, encryption.isPresent()));
        bucket.put(key, "application/octet-stream", stored.toByteArray());
        return new SegmentManifest.Timeline(key, sealed.sizeBytes(), sealed.sha256(),
                summaries.stream().mapToLong(TransactionSummary::rowsTouched).max().orElse(0),
                (int) summaries.stream().filter(summary -> !summary.schemaChanges().isEmpty()).count());
    }

    /** The summaries a segment's manifest names, read and checked. */
    static List<TransactionSummary> read(BucketObjects bucket, SegmentManifest segment, Function<String, ArchiveEncryption> keys)
            throws IOException {
        SegmentManifest.Timeline timeline = segment.timeline();
        ArchiveReader.Sealed sealed = sealed(segment);
        List<TransactionSummary> summaries = new ArrayList<>(segment.transactions());
        try (InputStream stored = bucket.open(timeline.objectKey());
             BufferedReader lines = new BufferedReader(new InputStreamReader(ArchiveReader.plaintext(stored, sealed, keys),
                     StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                summaries.add(SegmentJson.MAPPER.readValue(line, TransactionSummary.class));
            }
        } catch (ArchiveIntegrityException e) {
            throw new ArchiveIntegrityException(e.check(), "the " + KIND + " of segment " + segment.segmentId()
                    + " (" + timeline.objectKey() + ") is damaged: " + e.getMessage());
        } catch (dev.lifeboat.archive.bucket.MissingObjectException e) {
            // its manifest names it: it was stored, and is gone (retention deletes the manifest first)
            throw new ArchiveIntegrityException(ArchiveIntegrityException.Check.CHECKSUM, "the " + KIND + " of segment "
                    + segment.segmentId() + " (" + timeline.objectKey() + ") is missing, though its manifest names it");
        }
        return summaries;
    }

    /** What reading a segment stored before summaries were hands on: its transactions, summarised. */
    interface SegmentRead {
        void into(TransactionSink sink) throws Exception;
    }

    static List<TransactionSummary> summarise(SegmentRead read) throws Exception {
        TransactionSummaries summaries = new TransactionSummaries();
        read.into(summaries::add);
        return summaries.summaries();
    }

    /** What opening (or checking) the timeline a segment's manifest names needs. */
    static ArchiveReader.Sealed sealed(SegmentManifest segment) {
        return new ArchiveReader.Sealed(KIND, boundTo(segment.segmentId()), segment.timeline().sizeBytes(), segment.timeline().sha256(),
                segment.compression(), segment.encryption());
    }

    private static String boundTo(String segmentId) {
        return segmentId + "/timeline";
    }
}
