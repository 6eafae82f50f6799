package dev.lifeboat.backup.capture;

/**
 * Tells when the WAL a capture's slot keeps on the source passes the limit: once as it rises past it, and again only
 * after it fell below half of it, so a figure that wavers around the limit warns once.
 */
final class WalLimitWatch {

    private final long limit;
    private boolean above;

    WalLimitWatch(long limit) {
        this.limit = limit;
    }

    /** @return whether this measurement passed the limit (and the one before had not) */
    boolean passed(long walBytes) {
        if (!above && walBytes > limit) {
            above = true;
            return true;
        }
        if (above && walBytes < limit / 2) {
            above = false;
        }
        return false;
    }

    long limit() {
        return limit;
    }
}
