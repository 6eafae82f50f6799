package dev.lifeboat.backup.api;

import dev.lifeboat.changes.segment.TransactionSummary;
import dev.lifeboat.changes.timeline.TimelinePage;
import dev.lifeboat.changes.timeline.TimelineQuery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/databases/{id}/changes}: the captured transactions asked for.
 *
 * @param next the {@code after} of the next page (an order by time), null when this page holds the last of the range
 */
public record ChangeTimelineView(String databaseId, Instant from, Instant to, String order, List<Transaction> transactions,
                                 String next, int segmentsRead, int segmentsInRange) {

    /**
     * One committed transaction: where (its commit's LSN), when, who (where the stream says: a DDL command's role), and
     * what it did to which table, without its rows.
     */
    public record Transaction(long xid, String lsn, Instant committedAt, String role, long rowsTouched,
                              Map<String, TransactionSummary.TableRows> tables, List<TransactionSummary.SchemaCommand> schemaChanges) {
    }

    static ChangeTimelineView of(String databaseId, TimelineQuery query, TimelinePage page) {
        return new ChangeTimelineView(databaseId, query.from(), query.to(), query.order().name().toLowerCase(java.util.Locale.ROOT),
                page.transactions().stream().map(transaction -> new Transaction(transaction.xid(), transaction.commitLsn().toString(),
                        transaction.commitTime(), transaction.role(), transaction.rowsTouched(), transaction.tables(),
                        transaction.schemaChanges())).toList(),
                page.next() == null ? null : page.next().toString(), page.segmentsRead(), page.segmentsInRange());
    }
}
