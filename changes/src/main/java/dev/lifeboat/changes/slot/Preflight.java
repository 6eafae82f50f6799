package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.TableName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, on an ordinary connection to the database as the role capture will use, what logical replication of it needs:
 * {@code wal_level = logical}, the REPLICATION attribute (or a managed service's grant of it), a free replication slot,
 * and per table a way to find its rows (a primary key or a replica identity). A table without one is left out of the
 * publication: PostgreSQL would otherwise refuse every UPDATE and DELETE on it once it is published.
 */
public final class Preflight {

    /** Whether the table {@code c} finds its rows by a key: a primary key, a replica identity index, or the whole row. */
    static final String IDENTIFIES_ROWS = """
            (c.relreplident = 'f'
             OR (c.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))
             OR (c.relreplident = 'i' AND EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisreplident)))""";
    /** The tables {@code c} (of schema {@code n}) a publication may hold: permanent user tables, partitions by their root. */
    static final String USER_TABLES = """
            c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence = 'p'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
               AND n.nspname NOT LIKE 'pg_temp%'""";
    private static final String TABLES = "SELECT n.nspname, c.relname, " + IDENTIFIES_ROWS
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_TABLES + " ORDER BY 1, 2";

    private Preflight() {
    }

    public static PreflightReport check(Connection connection, CaptureNames names) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<TableName> captured = new ArrayList<>();
        List<PreflightReport.Excluded> excluded = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            String walLevel = single(statement, "SHOW wal_level");
            if (!"logical".equals(walLevel)) {
                problems.add("wal_level is " + walLevel + ", and logical decoding needs logical: set wal_level = logical and"
                        + " restart the server (RDS and Aurora: rds.logical_replication = 1 in the parameter group;"
                        + " Cloud SQL: the cloudsql.logical_decoding flag; Neon: enable logical replication in the"
                        + " project's settings; Supabase has it on)");
            }
            if (!"t".equals(single(statement, """
                    SELECT r.rolsuper OR r.rolreplication OR EXISTS (SELECT 1 FROM pg_roles g
                            WHERE g.rolname = 'rds_replication' AND pg_has_role(current_user, g.oid, 'member'))
                      FROM pg_roles r WHERE r.rolname = current_user"""))) {
                problems.add("role " + single(statement, "SELECT current_user") + " may not use replication: ALTER ROLE ... WITH"
                        + " REPLICATION (RDS and Aurora: GRANT rds_replication TO the role; Cloud SQL: ALTER USER ... WITH"
                        + " REPLICATION as cloudsqlsuperuser; Supabase and Neon: the project's owner role has it)");
            }
            boolean ownSlot = "t".equals(single(statement,
                    "SELECT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + names.slot() + "')"));
            if (!ownSlot && "t".equals(single(statement, """
                    SELECT count(*) >= current_setting('max_replication_slots')::int FROM pg_replication_slots"""))) {
                problems.add("every replication slot is in use (max_replication_slots = "
                        + single(statement, "SHOW max_replication_slots") + "): raise it, or drop a slot no longer used");
            }
            try (ResultSet tables = statement.executeQuery(TABLES)) {
                while (tables.next()) {
                    TableName table = new TableName(tables.getString(1), tables.getString(2));
                    if (tables.getBoolean(3)) {
                        captured.add(table);
                    } else {
                        excluded.add(new PreflightReport.Excluded(table, table + " has no primary key or replica identity,"
                                + " so its UPDATEs and DELETEs cannot be replayed and it is not captured: add a primary key,"
                                + " or ALTER TABLE " + table + " REPLICA IDENTITY FULL (then every change logs the whole old row)"));
                    }
                }
            }
        }
        return new PreflightReport(problems, captured, excluded);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
