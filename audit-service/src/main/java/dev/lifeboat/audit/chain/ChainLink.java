package dev.lifeboat.audit.chain;

import dev.lifeboat.audit.entry.AuditEntry;

/**
 * A point of the chain the next row links to: its position and hash.
 *
 * @param seq  0 before the first row of a never-pruned chain
 * @param hash {@link EntryDigest#GENESIS} before the first row of a never-pruned chain
 */
public record ChainLink(long seq, String hash) {

    public static final ChainLink GENESIS = new ChainLink(0, EntryDigest.GENESIS);

    public static ChainLink of(AuditEntry entry) {
        return new ChainLink(entry.seq, entry.hash);
    }

    public static ChainLink of(ChainAnchor anchor) {
        return anchor == null ? GENESIS : new ChainLink(anchor.throughSeq, anchor.hash);
    }
}
