package dev.lifeboat.d1.wrangler;

/** Wrangler could not do what it was asked; the message is wrangler's own reason, with every secret removed. */
public class WranglerFailure extends Exception {

    /** What went wrong, as far as a caller decides on it. */
    public enum Reason {
        /** wrangler (or Node.js) is not where the configuration says. */
        NOT_INSTALLED,
        /** The token was refused, or names no such account. */
        AUTHENTICATION_FAILED,
        /** No such database. */
        NOT_FOUND,
        /** A database that should be new exists already (with tables). */
        TARGET_EXISTS,
        /** Cloudflare or the local runtime could not be reached; a later try may work. */
        UNREACHABLE,
        /** Wrangler took longer than allowed and was stopped. */
        TIMED_OUT,
        /** The SQL or the export failed. */
        FAILED
    }

    private final Reason reason;

    public WranglerFailure(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
