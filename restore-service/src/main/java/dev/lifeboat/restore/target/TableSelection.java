package dev.lifeboat.restore.target;

import dev.lifeboat.archive.BackupManifest;
import dev.lifeboat.restore.step.RestoreFailure;
import dev.lifeboat.restore.step.RestoreStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables a TABLES restore may name: exactly the {@code schema.table} names of the backup's manifest.
 * Anything else (an unknown name, {@code x; DROP TABLE y}, {@code "a"."b"}) is refused before any SQL runs,
 * because only names found in the manifest ever reach SQL, and then quoted.
 */
public final class TableSelection {

    private static final int NAME_SHOWN = 100;

    private TableSelection() {
    }

    /** @return the requested names, in order, each one a table of the manifest */
    public static Set<String> check(Collection<String> requested, BackupManifest manifest) throws RestoreFailure {
        List<String> unknown = new ArrayList<>();
        for (String table : requested) {
            if (!manifest.tableRowCounts().containsKey(table)) {
                unknown.add("'" + (table.length() > NAME_SHOWN ? table.substring(0, NAME_SHOWN) + "…" : table) + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new RestoreFailure(RestoreStep.RESOLVE_SOURCE, "INVALID_TABLES", "not tables of backup " + manifest.backupId()
                    + ": " + String.join(", ", unknown) + " (name tables as schema.table, e.g. "
                    + manifest.tableRowCounts().keySet().stream().findFirst().orElse("public.orders") + ")");
        }
        return new LinkedHashSet<>(requested);
    }

    /**
     * The tables whose rows depend on the chosen ones through foreign keys, followed to the end, as the live
     * database defines them; each must be in the backup too.
     */
    public static Set<String> withDependents(Connection live, Set<String> chosen, BackupManifest manifest) throws SQLException, RestoreFailure {
        Set<String> all = new LinkedHashSet<>(chosen);
        try (PreparedStatement query = live.prepareStatement("""
                WITH RECURSIVE dependent(oid) AS (
                    SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname || '.' || c.relname = ANY (?)
                  UNION
                    SELECT k.conrelid FROM pg_constraint k JOIN dependent d ON k.confrelid = d.oid WHERE k.contype = 'f'
                )
                SELECT n.nspname || '.' || c.relname FROM dependent d
                JOIN pg_class c ON c.oid = d.oid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT c.relispartition ORDER BY 1""")) {
            query.setArray(1, live.createArrayOf("text", chosen.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    all.add(result.getString(1));
                }
            }
        }
        return check(all, manifest);
    }
}
