package dev.lifeboat.archive.upload;

/** A multipart upload that was begun and neither completed nor aborted. */
public record OpenUpload(String key, String uploadId) {
}
