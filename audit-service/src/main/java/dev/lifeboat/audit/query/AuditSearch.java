package dev.lifeboat.audit.query;

import dev.lifeboat.audit.entry.AuditEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Reads the log: pages newest first by keyset on the chain position (a cursor stays right while rows are
 * appended), one flow by correlation id, and pages in chain order for the export.
 */
@ApplicationScoped
public class AuditSearch {

    /** The most rows one flow answer holds. */
    static final int MAX_FLOW = 10_000;

    public Uni<AuditPage> newestFirst(AuditFilter filter, String cursor, int limit) {
        Long before = cursorOf(cursor);
        Parameters parameters = filter.parameters();
        String condition = filter.condition();
        if (before != null) {
            condition += " and seq < :before";
            parameters.and("before", before);
        }
        String query = condition + " order by seq desc";
        return Panache.withSession(() -> AuditEntry.<AuditEntry>find(query, parameters).range(0, limit).list())
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<AuditEntry> page = more ? rows.subList(0, limit) : rows;
                    return new AuditPage(page.stream().map(AuditEntryView::of).toList(),
                            more ? String.valueOf(page.get(page.size() - 1).seq) : null);
                });
    }

    /** Every row of one flow, in the order things happened (event time, then chain position). */
    public Uni<List<AuditEntryView>> flow(String correlationId) {
        return Panache.withSession(() -> AuditEntry.<AuditEntry>find("correlationId = ?1 order by occurredAt, seq", correlationId)
                .range(0, MAX_FLOW - 1).list()).map(rows -> rows.stream().map(AuditEntryView::of).toList());
    }

    /** Up to {@code size} rows after chain position {@code afterSeq}, oldest first. Call inside no session. */
    Uni<List<AuditEntry>> chainOrderPage(AuditFilter filter, long afterSeq, int size) {
        Parameters parameters = filter.parameters().and("after", afterSeq);
        return Panache.withSession(() -> AuditEntry.<AuditEntry>find(filter.condition() + " and seq > :after order by seq", parameters)
                .range(0, size - 1).list());
    }

    private static Long cursorOf(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            long seq = Long.parseLong(cursor);
            if (seq > 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadQueryException("'cursor' must be a nextCursor value from an earlier page; got '" + cursor + "'");
    }
}
