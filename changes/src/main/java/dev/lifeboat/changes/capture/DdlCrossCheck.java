package dev.lifeboat.changes.capture;

import dev.lifeboat.changes.model.Lsn;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the event trigger records DDL, the cross-check that it recorded all of it. An event trigger does not fire for
 * everything everywhere: a role a managed service exempts (Supabase's {@code supabase_admin} and its reserved roles), a
 * session that switched it off for a moment ({@code ALTER EVENT TRIGGER ... DISABLE} and {@code ENABLE} again between two
 * looks, which itself fires nothing), PostgreSQL 17's {@code event_triggers = off}. So each catalog look reads the WAL's
 * insert position, the schema's digest, and the insert position again; once the stream has reached the second, every DDL
 * command committed before the digest was read has come through it (one that ended while the digest was read counts for
 * both windows). A digest that changed since the last look judged, while the stream carried no DDL command
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
    /**
     * A look waiting for the stream to reach its position (null when none waits): its digest, the times before and after
     * it was read, and the WAL's insert position before and after it was read.
     */
    private String waitingDigest;
    private Instant waitingFrom;
    private Instant waitingTo;
    private Lsn waitingFromPosition;
    private Lsn waitingPosition;
    /** Whether the window the waiting (or next) look closes is accounted for: a DDL command in it, a gap recorded, a build. */
    private boolean accounted;
    /** Whether the window after the waiting look is accounted for already: a DDL command ended while that look read. */
    private boolean nextAccounted;

    /** @param from the time before {@code digest} was read */
    DdlCrossCheck(String digest, Instant from) {
        this.judgedDigest = digest;
        this.judgedFrom = from;
    }

    /**
     * A look read {@code digest} between {@code from} and {@code to}, the WAL's insert position being {@code fromPosition}
     * before and {@code position} after: judged once the stream reaches {@code position}. While one waits, another is not
     * kept. {@code unjudged}: the window is not judged, as while an index is built concurrently (its catalog rows commit
     * transactions before its DDL command does) or after the trigger was made again (a gap covers it).
     */
    void looked(String digest, Instant from, Instant to, Lsn fromPosition, Lsn position, boolean unjudged) {
        if (waitingPosition == null) {
            waitingDigest = digest;
            waitingFrom = from;
            waitingTo = to;
            waitingFromPosition = fromPosition;
            waitingPosition = position;
            accounted |= unjudged;
        }
    }

    /** A gap was recorded: the schema's change in this window is accounted for. */
    void accounted() {
        accounted = true;
    }

    /**
     * The stream reached {@code position}: a transaction's end ({@code ddl}: it carried DDL commands) or a heartbeat. A
     * transaction that ended at or before where a waiting look read the WAL committed before it, in its window; one that
     * ended while the look read may be in either window, and counts for both; one after, for the next.
     *
     * @return the window the waiting look closes, when the schema changed in it and nothing accounts for it
     */
    Optional<Unrecorded> reached(Lsn position, boolean ddl) {
        if (waitingPosition == null) {
            accounted |= ddl;
            return Optional.empty();
        }
        if (ddl) {
            accounted |= !position.after(waitingPosition);
            nextAccounted |= position.after(waitingFromPosition);
        }
        if (position.before(waitingPosition)) {
            return Optional.empty(); // not there yet
        }
        Optional<Unrecorded> found = waitingDigest.equals(judgedDigest) || accounted ? Optional.empty()
                : Optional.of(new Unrecorded(judgedFrom, waitingTo, waitingPosition));
        judgedDigest = waitingDigest;
        judgedFrom = waitingFrom;
        waitingPosition = null;
        accounted = nextAccounted;
        nextAccounted = false;
        return found;
    }
}
