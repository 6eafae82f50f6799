package dev.lifeboat.changes.slot;

import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifeboat's event trigger in a captured database: at the end of every DDL command ({@code ddl_command_end}) it sends
 * the command (its tag, the client's query text and when it started, the search_path, the tables it made, changed,
 * dropped or rewrote) as a <em>transactional</em> logical message, so the command travels in the stream inside the
 * transaction that ran it, at its place. In the same transaction it adds every capturable table the publication lacks
 * (a table just created, given a key, or detached), so the new table's first rows are in the stream too.
 *
 * <p>The function runs as its owner (SECURITY DEFINER, every name qualified) so that any role's DDL is recorded; it
 * never makes the customer's command fail for Lifeboat's sake (a table it cannot publish is left to the capture's catalog
 * look, which records a gap for it). It fires also under {@code session_replication_role = replica} (ENABLE ALWAYS).
 * A session that sets {@code lifeboat.ddl_capture_off} (the capture's own) is not recorded. Restored copies carry none
 * of it ({@link #removeFromCopy}). Creating event triggers takes a superuser (RDS and Aurora: {@code rds_superuser}).
 */
public final class SchemaChangeTrigger {

    static final String OFF = "lifeboat.ddl_capture_off";

    private SchemaChangeTrigger() {
    }

    /** Installs (or renews) the trigger; the mode is gaps, with why, when the role may not. */
    public static SchemaChangeMode install(Connection connection, CaptureNames names) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL " + OFF + " = on");
            String schema = single(statement, "SELECT coalesce(current_schema(), 'public')");
            String function = SqlIdentifiers.quote(schema) + "." + SqlIdentifiers.quote(names.ddl());
            statement.execute(functionSql(function, names));
            for (String[] trigger : triggers(names)) {
                statement.execute("DROP EVENT TRIGGER IF EXISTS " + SqlIdentifiers.quote(trigger[0]));
                statement.execute("CREATE EVENT TRIGGER " + SqlIdentifiers.quote(trigger[0]) + " ON " + trigger[1]
                        + " EXECUTE FUNCTION " + function + "()");
                statement.execute("ALTER EVENT TRIGGER " + SqlIdentifiers.quote(trigger[0]) + " ENABLE ALWAYS");
            }
            connection.commit();
            return new SchemaChangeMode(true, "Lifeboat's event trigger " + names.ddl() + " records each DDL command in"
                    + " the transaction that runs it");
        } catch (SQLException e) {
            connection.rollback();
            return new SchemaChangeMode(false, "the capture's role may not create event triggers ("
                    + firstLine(e.getMessage()) + "): a schema change is found by a look at the catalog every second and"
                    + " ends replay until the next backup. To replay schema changes, capture as a superuser (RDS and"
                    + " Aurora: a role granted rds_superuser; Supabase: the postgres role; see the changes module's page)");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** This session's own DDL (the publication kept up to date) is Lifeboat's, not the customer's: not recorded. */
    public static void quiet(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET " + OFF + " = on");
        }
    }

    /** Drops the trigger and its function (the database is no longer captured). */
    public static void drop(Connection connection, CaptureNames names) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String[] trigger : triggers(names)) {
                statement.execute("DROP EVENT TRIGGER IF EXISTS " + SqlIdentifiers.quote(trigger[0]));
            }
        }
        dropFunctions(connection, names.ddl());
    }

    /**
     * Removes from a restored copy every capture object its backup carried: Lifeboat's event triggers and their
     * functions, and its publications. A copy is not captured (and an in-place restore's new live database gets its own
     * from the capture); left in place, the trigger would record the replayed DDL again.
     */
    public static void removeFromCopy(Connection connection) throws SQLException {
        List<String> drops = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT 'DROP EVENT TRIGGER ' || quote_ident(e.evtname) FROM pg_event_trigger e
                       JOIN pg_proc p ON p.oid = e.evtfoid WHERE p.proname LIKE 'lifeboat\\_ddl\\_%'
                     UNION ALL
                     SELECT 'DROP PUBLICATION ' || quote_ident(pubname) FROM pg_publication WHERE pubname LIKE 'lifeboat\\_%'""")) {
            while (rows.next()) {
                drops.add(rows.getString(1));
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String drop : drops) {
                statement.execute(drop);
            }
        }
        dropFunctions(connection, "lifeboat\\_ddl\\_%");
    }

    private static void dropFunctions(Connection connection, String namePattern) throws SQLException {
        List<String> functions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) FROM pg_proc p
                  JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE p.proname LIKE ? AND p.prorettype = 'event_trigger'::regtype""")) {
            statement.setString(1, namePattern);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    functions.add(rows.getString(1));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String function : functions) {
                statement.execute("DROP FUNCTION IF EXISTS " + function + "()");
            }
        }
    }

    /**
     * Whether every one of the capture's event triggers is in place and fires always (nobody dropped or disabled one since
     * {@link #install}): where one is not, DDL since is not recorded.
     */
    public static boolean intact(Connection connection, CaptureNames names) throws SQLException {
        List<String> wanted = triggers(names).stream().map(trigger -> trigger[0]).toList();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM pg_event_trigger WHERE evtname = ANY (?) AND evtenabled = 'A'")) {
            statement.setArray(1, connection.createArrayOf("text", wanted.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1) == wanted.size();
            }
        }
    }

    private static List<String[]> triggers(CaptureNames names) {
        return List.of(new String[]{names.ddl(), "ddl_command_end"}, new String[]{names.ddl() + "_drop", "sql_drop"},
                new String[]{names.ddl() + "_rewrite", "table_rewrite"});
    }

    /**
     * The trigger's function. {@code sql_drop} and {@code table_rewrite} fire before the command's end: they leave the
     * dropped tables and the rewrite's reason in transaction-local settings, which {@code ddl_command_end} sends with the
     * command. A command every object of which an extension's script made is the extension's, sent as its
     * {@code CREATE EXTENSION}.
     */
    private static String functionSql(String function, CaptureNames names) {
        String literalPrefix = "'" + SchemaChange.PREFIX + names.slot() + "'";
        String publication = "'" + names.publication() + "'";
        return """
                CREATE OR REPLACE FUNCTION %1$s() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER AS $lifeboat$
                DECLARE
                  changed text[];
                  dropped text;
                  missing record;
                BEGIN
                  IF pg_catalog.current_setting('%2$s', true) = 'on' THEN
                    RETURN;
                  END IF;
                  IF TG_EVENT = 'table_rewrite' THEN
                    PERFORM pg_catalog.set_config('lifeboat.ddl_rewrite', (coalesce(nullif(
                        pg_catalog.current_setting('lifeboat.ddl_rewrite', true), ''), '0')::int
                        | pg_catalog.pg_event_trigger_table_rewrite_reason())::text, true);
                    RETURN;
                  END IF;
                  IF TG_EVENT = 'sql_drop' THEN
                    SELECT pg_catalog.string_agg(d.schema_name || '.' || d.object_name, E'\\n') INTO dropped
                      FROM pg_catalog.pg_event_trigger_dropped_objects() d WHERE d.object_type IN ('table', 'foreign table');
                    PERFORM pg_catalog.set_config('lifeboat.ddl_dropped', pg_catalog.concat_ws(E'\\n',
                        nullif(pg_catalog.current_setting('lifeboat.ddl_dropped', true), ''), dropped), true);
                    RETURN;
                  END IF;
                  IF EXISTS (SELECT 1 FROM pg_catalog.pg_event_trigger_ddl_commands() c WHERE c.in_extension) THEN
                    RETURN;
                  END IF;
                  SELECT pg_catalog.array_agg(DISTINCT n.nspname || '.' || r.relname) INTO changed
                    FROM pg_catalog.pg_event_trigger_ddl_commands() c
                    JOIN pg_catalog.pg_class r ON r.oid = c.objid AND c.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                    JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
                   WHERE r.relkind IN ('r', 'p', 'f');
                  PERFORM pg_catalog.pg_logical_emit_message(true, %3$s, pg_catalog.json_build_object(
                      'tag', TG_TAG, 'query', pg_catalog.current_query(), 'startedAt', pg_catalog.statement_timestamp()::text,
                      'searchPath', pg_catalog.current_setting('search_path'), 'tables', coalesce(changed, '{}'),
                      'dropped', pg_catalog.string_to_array(nullif(
                          pg_catalog.current_setting('lifeboat.ddl_dropped', true), ''), E'\\n'),
                      'rewrite', coalesce(nullif(pg_catalog.current_setting('lifeboat.ddl_rewrite', true), '')::int, 0),
                      'role', session_user
                  )::text);
                  PERFORM pg_catalog.set_config('lifeboat.ddl_dropped', '', true);
                  PERFORM pg_catalog.set_config('lifeboat.ddl_rewrite', '', true);
                  BEGIN
                    PERFORM pg_catalog.set_config('%2$s', 'on', true);
                    FOR missing IN SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
                                     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                                    WHERE %4$s AND %5$s
                                      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel pr
                                                        JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
                                                       WHERE p.pubname = %6$s AND pr.prrelid = c.oid) LOOP
                      EXECUTE pg_catalog.format('ALTER PUBLICATION %%I ADD TABLE %%I.%%I', %6$s, missing.nspname, missing.relname);
                    END LOOP;
                    PERFORM pg_catalog.set_config('%2$s', '', true);
                  EXCEPTION WHEN OTHERS THEN
                    NULL; -- never fail the customer's command: the capture's catalog look publishes it, with a gap
                  END;
                END
                $lifeboat$""".formatted(function, OFF, literalPrefix, Preflight.USER_TABLES, Preflight.IDENTIFIES_ROWS,
                publication);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
