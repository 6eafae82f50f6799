package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the event trigger records DDL, the cross-check that it recorded all of it. An event trigger does not fire for
 * everything everywhere: a role a managed service exempts (Supabase's {@code supabase_admin} and its reserved roles), a
 * session that switched it off for a moment ({@code ALTER EVENT TRIGGER ... DISABLE} and {@code ENABLE} again between two
 * looks, which itself fires nothing), PostgreSQL 17's {@code event_triggers = off}. So each catalog look reads the schema's
 * digest, then the WAL position; once the stream has reached that position, every DDL command committed before the digest
 * was read has come through it. A digest that changed since the last look judged, while the stream carried no DDL command
 * committed in between and no gap was recorded, is a schema change the stream lacks: the seconds between those two looks
 * are a gap of the schema (never a restore silently without the index). A recorded command in the same window as an
 * unrecorded one hides it: the check is of windows, not of commands. Decision logic only; {@link CatalogLook} feeds it.
 */
final class DdlCrossCheck {

    /** A window in which the schema changed and the stream carried no DDL command. */
    record Unrecorded(Instant from, Instant to, Lsn position) {
    }

    /** The digest as of the last look judged, and the time before it was read. */
    private String judgedDigest;
    private Instant judgedFrom;
    /** A look waiting for the stream to reach its position (null when none waits): its digest, the times before and after it was read. */
    private String waitingDigest;
    private Instant waitingFrom;
    private Instant waitingTo;
    private Lsn waitingPosition;
    /** Whether a DDL command committed, or a gap was recorded, since the last look judged. */
    private boolean accounted;

    /** @param from the time before {@code digest} was read */
    DdlCrossCheck(String digest, Instant from) {
        this.judgedDigest = digest;
        this.judgedFrom = from;
    }

    /**
     * A look read {@code digest} between {@code from} and {@code to}, then the WAL {@code position}: judged once the stream
     * reaches it. While one waits, another is not kept.
     */
    void looked(String digest, Instant from, Instant to, Lsn position) {
        if (waitingPosition == null) {
            waitingDigest = digest;
            waitingFrom = from;
            waitingTo = to;
            waitingPosition = position;
        }
    }

    /** The stream carried a DDL command, or a gap was recorded: the schema's change in this window is accounted for. */
    void accounted() {
        accounted = true;
    }

    /**
     * The stream reached {@code position} (a transaction's end, a heartbeat): call it before {@link #accounted} for that
     * transaction's own commands, which committed after a look waiting there.
     *
     * @return the window the waiting look closes, when the schema changed in it and nothing accounts for it
     */
    Optional<Unrecorded> reached(Lsn position) {
        if (waitingPosition == null || position.before(waitingPosition)) {
            return Optional.empty();
        }
        Optional<Unrecorded> found = waitingDigest.equals(judgedDigest) || accounted ? Optional.empty()
                : Optional.of(new Unrecorded(judgedFrom, waitingTo, waitingPosition));
        judgedDigest = waitingDigest;
        judgedFrom = waitingFrom;
        waitingPosition = null;
        accounted = false;
        return found;
    }
}
