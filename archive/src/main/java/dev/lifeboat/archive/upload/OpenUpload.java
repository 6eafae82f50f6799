package dev.lifeboat.archive.upload;

import java.time.Instant;

/**
 * A multipart upload that was begun and neither completed nor aborted.
 *
 * @param initiated when it was begun, as the store says (null when the store does not say)
 */
public record OpenUpload(String key, String uploadId, Instant initiated) {
}
