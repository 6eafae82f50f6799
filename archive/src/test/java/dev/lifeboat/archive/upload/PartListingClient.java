package dev.lifeboat.archive.upload;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The S3 client of a {@link MultipartUploadStream} under test: passes its calls on to the server and notes the size of
 * every part it sends, and, as the upload is completed, the sizes of the parts the server holds (ListParts, which is
 * only answered while the upload is open). One upload at a time.
 */
final class PartListingClient implements S3Client {

    private final S3Client s3;
    /** Part number → bytes sent; parts upload side by side. */
    private final Map<Integer, Long> sent = new ConcurrentSkipListMap<>();
    private volatile List<Long> stored = List.of();

    PartListingClient(S3Client s3) {
        this.s3 = s3;
    }

    /** The sizes of the parts sent, in part-number order. */
    List<Long> sentPartSizes() {
        return List.copyOf(sent.values());
    }

    /** The sizes of the parts the server held when the upload was completed, in part-number order. */
    List<Long> storedPartSizes() {
        return stored;
    }

    /** The part numbers sent, in order: 1 to the number of parts, none missing. */
    List<Integer> sentPartNumbers() {
        return List.copyOf(sent.keySet());
    }

    @Override
    public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
        return s3.createMultipartUpload(request);
    }

    @Override
    public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
        long length = body.optionalContentLength().orElseThrow(() -> new AssertionError("part " + request.partNumber() + " of unknown length"));
        sent.put(request.partNumber(), length);
        return s3.uploadPart(request, body);
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
        List<Part> parts = new ArrayList<>();
        Integer marker = null;
        ListPartsResponse page;
        do {
            ListPartsRequest.Builder listing = ListPartsRequest.builder().bucket(request.bucket()).key(request.key()).uploadId(request.uploadId());
            if (marker != null) {
                listing.partNumberMarker(marker);
            }
            page = s3.listParts(listing.build());
            parts.addAll(page.parts());
            marker = page.nextPartNumberMarker();
        } while (Boolean.TRUE.equals(page.isTruncated()) && marker != null);
        stored = parts.stream().sorted(Comparator.comparing(Part::partNumber)).map(Part::size).toList();
        return s3.completeMultipartUpload(request);
    }

    @Override
    public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
        return s3.abortMultipartUpload(request);
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        return s3.putObject(request, body);
    }

    @Override
    public String serviceName() {
        return s3.serviceName();
    }

    /** The wrapped client is the test's, which closes it. */
    @Override
    public void close() {
    }
}
