package dev.lifeboat.changes.model;

import java.time.Instant;
import java.util.List;

/**
 * One committed transaction of the source, as the stream delivered it: in commit order, whole.
 *
 * @param commitLsn where its commit record is; the archive is ordered by it
 * @param endLsn    just past its commit record: what the slot may be confirmed up to once it is stored
 * @param commitTime when it committed, by the source's clock (microseconds)
 */
public record Transaction(long xid, Lsn commitLsn, Lsn endLsn, Instant commitTime, List<RowChange> changes) {

    public Transaction {
        changes = List.copyOf(changes);
    }
}
