package dev.lifeboat.audit.query;

import dev.lifeboat.audit.entry.EntryDraft;
import dev.lifeboat.audit.entry.Outcome;
import dev.lifeboat.events.EventType;
import io.quarkus.panache.common.Parameters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which rows a query or an export wants; every field is optional. {@code type} takes the CloudEvents type
 * ({@code dev.lifeboat.backup.completed.v1}) or the event's name ({@code BackupCompleted}); the time range
 * is on the event's time, from inclusive, to exclusive.
 */
public record AuditFilter(String databaseId, String type, Outcome outcome, String actor, String correlationId,
                          Instant from, Instant to) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null, null);

    /** @throws BadQueryException saying which parameter is wrong and what it takes */
    public static AuditFilter parse(String databaseId, String type, String outcome, String actor, String correlationId,
                                    String from, String to) {
        AuditFilter filter = new AuditFilter(blankToNull(databaseId), typeOf(blankToNull(type)), outcomeOf(blankToNull(outcome)),
                blankToNull(actor), blankToNull(correlationId), instant("from", from), instant("to", to));
        if (filter.from != null && filter.to != null && !filter.from.isBefore(filter.to)) {
            throw new BadQueryException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return filter;
    }

    /** The HQL condition on {@code AuditEntry} (after "where"), or "1 = 1". */
    String condition() {
        List<String> terms = new ArrayList<>();
        if (databaseId != null) {
            terms.add("databaseId = :databaseId");
        }
        if (type != null) {
            terms.add("type = :type");
        }
        if (outcome != null) {
            terms.add("outcome = :outcome");
        }
        if (actor != null) {
            terms.add("actor = :actor");
        }
        if (correlationId != null) {
            terms.add("correlationId = :correlationId");
        }
        if (from != null) {
            terms.add("occurredAt >= :from");
        }
        if (to != null) {
            terms.add("occurredAt < :to");
        }
        return terms.isEmpty() ? "1 = 1" : String.join(" and ", terms);
    }

    Parameters parameters() {
        Parameters parameters = new Parameters();
        add(parameters, "databaseId", databaseId);
        add(parameters, "type", type);
        add(parameters, "outcome", outcome);
        add(parameters, "actor", actor);
        add(parameters, "correlationId", correlationId);
        add(parameters, "from", from);
        add(parameters, "to", to);
        return parameters;
    }

    private static void add(Parameters parameters, String name, Object value) {
        if (value != null) {
            parameters.and(name, value);
        }
    }

    private static String typeOf(String type) {
        if (type == null || type.contains(".") || type.equals(EntryDraft.UNREADABLE)) {
            return type;
        }
        return Arrays.stream(EventType.values()).filter(value -> value.messageName().equalsIgnoreCase(type)).findFirst()
                .map(EventType::type).orElseThrow(() -> new BadQueryException("unknown type '" + type
                        + "'; give a CloudEvents type (dev.lifeboat.backup.completed.v1) or an event name: "
                        + Arrays.stream(EventType.values()).map(EventType::messageName).collect(Collectors.joining(", "))));
    }

    private static Outcome outcomeOf(String outcome) {
        if (outcome == null) {
            return null;
        }
        try {
            return Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadQueryException("unknown outcome '" + outcome + "'; one of "
                    + Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadQueryException("'" + name + "' must be an ISO-8601 time with offset, e.g. 2026-11-21T02:00:00Z; got '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
