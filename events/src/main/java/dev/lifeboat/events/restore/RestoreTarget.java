package dev.lifeboat.events.restore;

import dev.lifeboat.events.data.OptionalField;

import java.util.List;

/**
 * Where a restore goes.
 *
 * @param kind              {@code NEW_DATABASE} (needs {@code databaseName}), {@code IN_PLACE} (needs
 *                          {@code confirmed = true}) or {@code TABLES} (needs {@code tables}; into the live
 *                          database, or into {@code databaseName} when given)
 * @param tables            {@code schema.table} names, checked against the backup's manifest
 * @param includeDependents with {@code TABLES}: also restore the rows that depend on them
 * @param confirmed         explicit confirmation that the live database may be replaced
 */
public record RestoreTarget(Kind kind, @OptionalField String databaseName, @OptionalField List<String> tables,
                            @OptionalField Boolean includeDependents, @OptionalField Boolean confirmed) {

    public enum Kind { IN_PLACE, NEW_DATABASE, TABLES }

    public RestoreTarget {
        tables = tables == null ? List.of() : List.copyOf(tables);
        if (kind == Kind.NEW_DATABASE && (databaseName == null || databaseName.isBlank())) {
            throw new IllegalArgumentException("target.databaseName is required when target.kind is NEW_DATABASE");
        }
        if (kind == Kind.TABLES && tables.isEmpty()) {
            throw new IllegalArgumentException("target.tables must name at least one table when target.kind is TABLES");
        }
        if (kind == Kind.IN_PLACE && !Boolean.TRUE.equals(confirmed)) {
            throw new IllegalArgumentException("target.confirmed must be true to replace the live database (IN_PLACE)");
        }
    }
}
