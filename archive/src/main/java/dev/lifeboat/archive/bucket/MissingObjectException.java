package dev.lifeboat.archive.bucket;

/** An object the catalog or a manifest names is not in the bucket. */
public class MissingObjectException extends BucketException {

    private final String key;

    public MissingObjectException(String bucket, String key) {
        super("s3://" + bucket + "/" + key + " does not exist", null);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
