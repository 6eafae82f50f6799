package dev.lifeboat.changes.slot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A digest of a database's schema as its catalog has it now: every user relation's definition (not its storage: a
 * TRUNCATE, VACUUM or ANALYZE leaves it as it was) and the row version of every user column, default, constraint,
 * index, trigger, rule or view, function, type, schema and extension. Any DDL changes it; where no event trigger records
 * DDL, that is how a schema change that leaves every column as it was (an index, a constraint, a view) is found. What
 * changes without DDL is left out: temporary objects (a temporary table's array type, dropped with its session), and
 * {@code relhastriggers}, which VACUUM clears some time after a table's last trigger is dropped.
 */
public final class SchemaDigest {

    private static final String DIGEST = """
            WITH temp_namespace AS (
              SELECT oid FROM pg_catalog.pg_namespace WHERE nspname LIKE 'pg\\_temp%' OR nspname LIKE 'pg\\_toast\\_temp%'
            ), user_class AS (
              SELECT c.* FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
               WHERE c.oid >= 16384 AND c.relpersistence <> 't' AND n.nspname NOT LIKE 'pg\\_toast%'
            )
            SELECT md5(coalesce(string_agg(x, ',' ORDER BY x), '')) FROM (
              SELECT concat_ws(':', 'c', oid, relname, relnamespace, relkind, relnatts, relchecks,
                               relrowsecurity, relreplident, relispartition, relacl, reloptions, relowner, reltype) FROM user_class
              UNION ALL SELECT concat_ws(':', 'a', a.attrelid, a.attnum, a.xmin) FROM pg_catalog.pg_attribute a
                JOIN user_class c ON c.oid = a.attrelid WHERE a.attnum > 0
              UNION ALL SELECT concat_ws(':', 'd', d.oid, d.xmin) FROM pg_catalog.pg_attrdef d JOIN user_class c ON c.oid = d.adrelid
              UNION ALL SELECT concat_ws(':', 'k', k.oid, k.xmin) FROM pg_catalog.pg_constraint k
                WHERE k.conrelid IN (SELECT oid FROM user_class)
                   OR (k.conrelid = 0 AND k.oid >= 16384 AND k.connamespace NOT IN (SELECT oid FROM temp_namespace))
              UNION ALL SELECT concat_ws(':', 'i', i.indexrelid, i.xmin) FROM pg_catalog.pg_index i JOIN user_class c ON c.oid = i.indrelid
              UNION ALL SELECT concat_ws(':', 't', t.oid, t.xmin) FROM pg_catalog.pg_trigger t JOIN user_class c ON c.oid = t.tgrelid
              UNION ALL SELECT concat_ws(':', 'r', r.oid, r.xmin) FROM pg_catalog.pg_rewrite r JOIN user_class c ON c.oid = r.ev_class
              UNION ALL SELECT concat_ws(':', 'p', p.oid, p.xmin) FROM pg_catalog.pg_proc p
                WHERE p.oid >= 16384 AND p.pronamespace NOT IN (SELECT oid FROM temp_namespace)
              UNION ALL SELECT concat_ws(':', 'y', y.oid, y.xmin) FROM pg_catalog.pg_type y
                WHERE y.oid >= 16384 AND y.typnamespace NOT IN (SELECT oid FROM temp_namespace)
                  AND (y.typrelid = 0 OR y.typrelid IN (SELECT oid FROM user_class))
              UNION ALL SELECT concat_ws(':', 'n', n.oid, n.xmin) FROM pg_catalog.pg_namespace n
                WHERE n.oid >= 16384 AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'
              UNION ALL SELECT concat_ws(':', 'e', e.oid, e.xmin) FROM pg_catalog.pg_extension e
              UNION ALL SELECT concat_ws(':', 's', s.seqrelid, s.xmin) FROM pg_catalog.pg_sequence s JOIN user_class c ON c.oid = s.seqrelid
            ) AS catalog(x)""";

    private SchemaDigest() {
    }

    /**
     * Whether an index is being built concurrently in this database ({@code CREATE INDEX CONCURRENTLY}, {@code REINDEX
     * CONCURRENTLY}): such a build commits the index's catalog rows transactions before its DDL command ends, so the digest
     * sees it changed before the stream carries the command.
     */
    public static boolean indexBuildRunning(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT count(*) FROM pg_catalog.pg_stat_progress_create_index WHERE datname = current_database()")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    public static String read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(DIGEST)) {
            result.next();
            return result.getString(1);
        }
    }
}
