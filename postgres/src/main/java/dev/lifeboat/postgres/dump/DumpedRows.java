package dev.lifeboat.postgres.dump;

import dev.lifeboat.archive.RowDigests;

import java.util.Map;
import java.util.Optional;

/**
 * The rows of each table as {@code pg_dump} wrote them into the archive, counted while it streamed past.
 *
 * @param byTable    {@code schema.table} to the rows of its own COPY data (inheritance children and
 *                   partitions have entries of their own); empty when the archive could not be read
 * @param digests    {@code schema.table} to the digest of its own COPY rows, for the tables whose COPY statement could
 *                   be read, when the dump's encoding allows a comparison at all
 * @param unreadable why the archive's layout could not be followed (then every count comes from SQL)
 */
public record DumpedRows(Map<String, Long> byTable, Map<String, RowDigests.TableDigest> digests, Optional<String> unreadable) {

    public static DumpedRows counted(Map<String, Long> byTable, Map<String, RowDigests.TableDigest> digests) {
        return new DumpedRows(Map.copyOf(byTable), Map.copyOf(digests), Optional.empty());
    }

    public static DumpedRows unreadable(String why) {
        return new DumpedRows(Map.of(), Map.of(), Optional.of(why));
    }
}
