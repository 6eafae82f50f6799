package dev.lifeboat.changes.timeline;

import dev.lifeboat.changes.model.Lsn;
import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.changes.segment.SegmentSpan;
import dev.lifeboat.changes.segment.TransactionSummary;

import java.time.Instant;

/**
 * Which captured transactions the change timeline answers with.
 *
 * @param from    the earliest commit time, inclusive
 * @param to      the latest commit time, inclusive
 * @param table   only transactions that touched this table's rows or changed it ({@code schema.table}); null: any
 * @param kind    only transactions that did this kind of change ({@code SCHEMA}: ran DDL); null: any
 * @param minRows only transactions that inserted, updated and deleted at least this many rows in all (0: any)
 * @param order   by commit time (paged with {@code after}) or by rows touched, most first
 * @param limit   at most this many (1 to {@link #MAX_LIMIT})
 * @param after   the next page of an order by time: transactions committed after this position; null: from the start
 */
public record TimelineQuery(Instant from, Instant to, String table, RowChange.Kind kind, long minRows, Order order, int limit,
                            Lsn after) {

    /** The most transactions one answer holds. */
    public static final int MAX_LIMIT = 1000;

    public enum Order { TIME, ROWS }

    public TimelineQuery {
        if (from == null || to == null || from.isAfter(to)) {
            throw new IllegalArgumentException("from must be a moment at or before to (got from " + from + ", to " + to + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + " (got " + limit + ")");
        }
        if (minRows < 0) {
            throw new IllegalArgumentException("minRows must be 0 or more (got " + minRows + ")");
        }
        if (table != null && (table.indexOf('.') < 1 || table.endsWith("."))) {
            throw new IllegalArgumentException("table must be schema.table (got '" + table + "')");
        }
        if (order == null) {
            throw new IllegalArgumentException("order must be time or rows");
        }
        if (after != null && order == Order.ROWS) {
            throw new IllegalArgumentException("after pages an order by time only");
        }
    }

    /** Whether a segment may hold an answer, by its span alone. */
    boolean overlaps(SegmentSpan span) {
        return !span.coveredUntil().isBefore(from) && !span.firstCommitTime().isAfter(to)
                && (after == null || span.lastCommitLsn() == null || span.lastCommitLsn().after(after));
    }

    /**
     * Whether a segment may hold an answer, by what its span (from the span index) or its manifest says its transactions
     * did: its summaries need not be read when not. A span that does not say may.
     */
    boolean mayHold(SegmentSpan span) {
        if (!span.summarised()) {
            return true;
        }
        boolean ranDdl = span.schemaChanges() > 0;
        return (table == null || span.tables().contains(table) || ranDdl)
                && (kind != RowChange.Kind.SCHEMA || ranDdl)
                && (kind == null || kind == RowChange.Kind.SCHEMA || !span.tables().isEmpty())
                && span.largestTransaction() >= minRows;
    }

    boolean matches(TransactionSummary transaction) {
        return !transaction.commitTime().isBefore(from) && !transaction.commitTime().isAfter(to)
                && (after == null || transaction.commitLsn().after(after))
                && (table == null || transaction.touches(table))
                && (kind == null || transaction.did(kind))
                && transaction.rowsTouched() >= minRows;
    }
}
