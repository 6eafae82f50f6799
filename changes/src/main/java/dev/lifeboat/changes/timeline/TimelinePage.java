package dev.lifeboat.changes.timeline;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.segment.TransactionSummary;

import java.util.List;

/**
 * One answer of the change timeline.
 *
 * @param next          where the next page of an order by time starts ({@link TimelineQuery#after}); null when this one
 *                      holds the last of the range
 * @param segmentsRead  how many segments' summaries were read for it (the rest were passed over by their manifests)
 * @param segmentsInRange how many stored segments hold commits in the range
 */
public record TimelinePage(List<TransactionSummary> transactions, Lsn next, int segmentsRead, int segmentsInRange) {

    public TimelinePage {
        transactions = List.copyOf(transactions);
    }
}
