package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@link RestoredCheck#FK_INTEGRITY}: no row of the tables (or referencing them) lacks the row its foreign key names. */
final class ForeignKeyCheck {

    private ForeignKeyCheck() {
    }

    /** Every foreign key (inherited copies on partitions skipped) whose referencing rows lack their referenced row. */
    static ValidationResult check(Connection connection, Set<String> tables) throws SQLException {
        String constraints = """
                SELECT c.conname, cn.nspname, cl.relname, pn.nspname, pl.relname,
                       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
                       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)
                FROM pg_constraint c
                JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace cn ON cn.oid = cl.relnamespace
                JOIN pg_class pl ON pl.oid = c.confrelid JOIN pg_namespace pn ON pn.oid = pl.relnamespace
                WHERE c.contype = 'f' AND c.conparentid = 0
                ORDER BY 2, 3, 1""";
        List<String> broken = new ArrayList<>();
        int checked = 0;
        try (Statement statement = connection.createStatement(); ResultSet keys = statement.executeQuery(constraints)) {
            List<String[]> found = new ArrayList<>();
            while (keys.next()) {
                String child = keys.getString(2) + "." + keys.getString(3);
                String parent = keys.getString(4) + "." + keys.getString(5);
                if (!tables.contains(child) && !tables.contains(parent)) {
                    continue;
                }
                String[] childColumns = (String[]) keys.getArray(6).getArray();
                String[] parentColumns = (String[]) keys.getArray(7).getArray();
                found.add(new String[]{keys.getString(1), child, parent, orphanQuery(child, parent, childColumns, parentColumns)});
            }
            for (String[] key : found) {
                checked++;
                try (Statement count = connection.createStatement(); ResultSet orphans = count.executeQuery(key[3])) {
                    orphans.next();
                    if (orphans.getLong(1) > 0) {
                        broken.add(key[1] + " (" + key[0] + "): " + orphans.getLong(1) + " rows without their row in " + key[2]);
                    }
                }
            }
        }
        return RestoredCheck.FK_INTEGRITY.result(broken, RestoredCheck.count(checked, "foreign key", "foreign keys") + " without orphans");
    }

    private static String orphanQuery(String child, String parent, String[] childColumns, String[] parentColumns) {
        StringBuilder notNull = new StringBuilder();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < childColumns.length; i++) {
            notNull.append(" AND c.").append(SqlIdentifiers.quote(childColumns[i])).append(" IS NOT NULL");
            match.append(i == 0 ? "" : " AND ").append("p.").append(SqlIdentifiers.quote(parentColumns[i]))
                    .append(" = c.").append(SqlIdentifiers.quote(childColumns[i]));
        }
        return "SELECT count(*) FROM " + SqlIdentifiers.quoteTable(child) + " c WHERE true" + notNull
                + " AND NOT EXISTS (SELECT 1 FROM " + SqlIdentifiers.quoteTable(parent) + " p WHERE " + match + ")";
    }

}
