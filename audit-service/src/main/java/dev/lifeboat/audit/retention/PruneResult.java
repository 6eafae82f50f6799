package dev.lifeboat.audit.retention;

import java.time.Instant;

/**
 * What one run of retention did.
 *
 * @param prunedRows rows removed (0: nothing was old enough, and nothing was logged)
 * @param throughSeq the last removed row, now the chain's anchor
 * @param anchorHash that row's hash, which the next remaining row links to
 * @param entrySeq   the row that logs this prune
 */
public record PruneResult(long prunedRows, Long throughSeq, String anchorHash, Instant cutoff, Long entrySeq) {

    static PruneResult nothingBefore(Instant cutoff) {
        return new PruneResult(0, null, null, cutoff, null);
    }
}
