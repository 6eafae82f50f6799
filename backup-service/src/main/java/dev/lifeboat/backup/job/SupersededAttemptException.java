package dev.lifeboat.backup.job;

/**
 * An attempt of a backup request that a newer attempt has replaced: its replica stopped beating (paused, cut off) past
 * {@code lifeboat.backup.stale-after}, another claimed the request, and what the old attempt would now record (its start,
 * its completion, its failure) is refused, so the catalog, the events and the bucket hold the newer attempt's result only.
 */
public final class SupersededAttemptException extends RuntimeException {

    SupersededAttemptException(String requestId, int attempt) {
        super("attempt " + attempt + " of backup request " + requestId + " was taken over by a newer attempt; it records nothing");
    }
}
