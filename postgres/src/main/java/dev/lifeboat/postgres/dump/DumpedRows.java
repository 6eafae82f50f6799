package dev.lifeboat.postgres.dump;

import java.util.Map;
import java.util.Optional;

/**
 * The rows of each table as {@code pg_dump} wrote them into the archive, counted while it streamed past.
 *
 * @param byTable    {@code schema.table} to the rows of its own COPY data (inheritance children and
 *                   partitions have entries of their own); empty when the archive could not be read
 * @param unreadable why the archive's layout could not be followed (then every count comes from SQL)
 */
public record DumpedRows(Map<String, Long> byTable, Optional<String> unreadable) {

    public static DumpedRows counted(Map<String, Long> byTable) {
        return new DumpedRows(Map.copyOf(byTable), Optional.empty());
    }

    public static DumpedRows unreadable(String why) {
        return new DumpedRows(Map.of(), Optional.of(why));
    }
}
