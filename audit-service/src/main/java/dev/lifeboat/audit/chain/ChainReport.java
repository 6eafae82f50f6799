package dev.lifeboat.audit.chain;

/**
 * What a walk of the chain found.
 *
 * @param intact      every row's hash matches its content and links to the row before, from the anchor to the head
 * @param rows        rows walked (up to the break, when broken)
 * @param anchorSeq   the last pruned row the chain starts after (0 when never pruned)
 * @param headSeq     the newest row's position (when intact)
 * @param headHash    the newest row's hash (when intact): compare it with what an outside copy saw
 * @param brokenAt    the first row that does not verify (when broken)
 * @param messageKey  that row's message key, when the row exists
 * @param problem     what is wrong with it
 */
public record ChainReport(boolean intact, long rows, long anchorSeq, Long headSeq, String headHash,
                          Long brokenAt, String messageKey, String problem, String summary) {

    public static ChainReport intact(long rows, ChainLink anchor, ChainLink head) {
        return new ChainReport(true, rows, anchor.seq(), head.seq(), head.hash(), null, null, null,
                "intact, " + rows + " rows, head hash " + head.hash());
    }

    public static ChainReport broken(long rows, ChainLink anchor, long seq, String messageKey, String problem) {
        return new ChainReport(false, rows, anchor.seq(), null, null, seq, messageKey, problem,
                "broken at row " + seq + ": " + problem);
    }
}
