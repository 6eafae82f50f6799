package dev.lifeboat.postgres.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Relations of a database by kind, as {@code schema.name} (the form manifests and checks name tables in), read from its
 * catalog: its tables, its partitioned tables, its populated materialized views. Blocking JDBC: worker threads only.
 */
public final class CatalogNames {

    private static final String RELATIONS = "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ";

    private CatalogNames() {
    }

    /** Ordinary and partitioned tables. */
    public static List<String> tables(Connection connection) throws SQLException {
        return names(connection, RELATIONS + "('r', 'p') ORDER BY 1");
    }

    /** Partitioned tables: their rows are their partitions'. */
    public static List<String> partitionedTables(Connection connection) throws SQLException {
        return names(connection, RELATIONS + "('p') ORDER BY 1");
    }

    /** Materialized views that hold rows (not those created {@code WITH NO DATA}). */
    public static List<String> populatedMaterializedViews(Connection connection) throws SQLException {
        return names(connection, "SELECT schemaname || '.' || matviewname FROM pg_catalog.pg_matviews WHERE ispopulated ORDER BY 1");
    }

    private static List<String> names(Connection connection, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        return names;
    }
}
