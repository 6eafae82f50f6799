package dev.lifeboat.archive;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a backup's manifest records to prove a restore's rows: per table, an order-independent digest of the COPY rows
 * the dump wrote (a restore over several connections loads them in another order), and the session settings the
 * rows were printed under, which a check must print the restored rows under to compare them byte for byte.
 *
 * @param outputSettings the settings that shape COPY's text output and that {@code pg_dump} does not set itself
 *                       ({@code TimeZone}, {@code bytea_output}, {@code lc_monetary}), as the dump's session had them
 * @param tables         per {@code schema.table} whose rows the archive holds whole: its digest and the columns dumped
 * @param notCompared    per table whose restored rows cannot be compared with a digest, why (a table an extension fills
 *                       too; after a replay, a table the replay changed)
 */
public record RowDigests(Map<String, String> outputSettings, Map<String, TableDigest> tables, Map<String, String> notCompared) {

    public RowDigests {
        outputSettings = outputSettings == null ? Map.of() : new TreeMap<>(outputSettings);
        tables = tables == null ? Map.of() : new TreeMap<>(tables);
        notCompared = notCompared == null ? Map.of() : new TreeMap<>(notCompared);
    }

    /** These digests after a replay that changed the rows of {@code changed}: those can no longer be compared. */
    public RowDigests replayed(Set<String> changed) {
        Map<String, TableDigest> kept = new TreeMap<>(tables);
        Map<String, String> why = new TreeMap<>(notCompared);
        for (String table : changed) {
            if (kept.remove(table) != null) {
                why.put(table, "changed by the replay");
            }
        }
        return new RowDigests(outputSettings, kept, why);
    }

    /**
     * One table's rows as the dump wrote them.
     *
     * @param columns the columns of its COPY, in the dump's order (generated columns are not dumped)
     * @param digest  the sum, modulo 2^64, of a 64-bit hash of each row's COPY text, in hex
     */
    public record TableDigest(List<String> columns, String digest) {
        public TableDigest {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }
}
