package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.TableName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What the replay's role may do on the target: turn its triggers off, or else find none of the user's in its way. */
final class ReplayRole {

    private ReplayRole() {
    }

    /**
     * Turns the session's triggers and foreign-key checks off ({@code session_replication_role = replica}, which takes a
     * superuser or rds_superuser), as logical replication's own apply does.
     *
     * @return false where the role may not: triggers fire on replay as they do on any insert
     */
    static boolean turnTriggersOff(Statement settings) {
        try {
            settings.execute("SET session_replication_role = replica");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Where the role may not turn triggers off, a user trigger would fire again on rows the stream already holds (an
     * audit row twice, a timestamp rewritten): replay refuses rather than write what the source never had.
     */
    static void refuseUserTriggers(Connection target, Predicate<TableName> included) throws SQLException, ReplayException {
        try (Statement statement = target.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT n.nspname, c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' ORDER BY 1, 2, 3""")) {
            List<String> triggers = new ArrayList<>();
            while (rows.next()) {
                TableName table = new TableName(rows.getString(1), rows.getString(2));
                if (included.test(table)) {
                    triggers.add(table + " (" + rows.getString(3) + ")");
                }
            }
            if (!triggers.isEmpty()) {
                throw new ReplayException("replay needs its triggers off (session_replication_role = replica, which takes a"
                        + " superuser or rds_superuser), and the restore role may not: these tables have triggers that would"
                        + " fire again on replayed rows: " + String.join(", ", triggers));
            }
        }
    }
}
