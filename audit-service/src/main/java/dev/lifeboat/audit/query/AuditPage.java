package dev.lifeboat.audit.query;

import java.util.List;

/**
 * One page of rows, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next (older) page; null on the last page
 */
public record AuditPage(List<AuditEntryView> entries, String nextCursor) {
}
