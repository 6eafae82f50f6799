package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.ddl.SqlStatements;
import dev.lifeboat.changes.model.SchemaChange;
import dev.lifeboat.changes.model.Transaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a captured DDL command on the restored database at its place among the row changes, under the search_path it
 * ran under at the source. A command that cannot run inside a transaction block ({@code CREATE INDEX CONCURRENTLY} and
 * its kind) runs on its own after what was replayed before it is committed. Objects it creates belong to the replaying
 * role, as a restore's own objects do ({@code pg_restore --no-owner}).
 */
final class SchemaChangeApply {

    private final Connection target;
    private final String searchPath;
    /** The materialized views a replayed REFRESH refreshed ({@code schema.name}). */
    private final Set<String> refreshed = new TreeSet<>();

    SchemaChangeApply(Connection target) throws SQLException {
        this.target = target;
        try (Statement statement = target.createStatement(); ResultSet path = statement.executeQuery("SHOW search_path")) {
            path.next();
            this.searchPath = path.getString(1);
        }
    }

    /** @return whether it committed the replay's transaction first (the caller begins the next one) */
    boolean run(Transaction transaction, SchemaChange command) throws SQLException, ReplayException {
        if (command.notReplayable() != null || command.statement() == null) {
            throw new ReplayException(RowStatement.describe(transaction) + ": " + (command.notReplayable() != null
                    ? command.notReplayable() : command.tag() + " has no statement to replay"));
        }
        boolean alone = SqlStatements.split(command.statement()).stream().anyMatch(s -> s.words().contains("concurrently"));
        if (alone) {
            target.commit();
            target.setAutoCommit(true);
        }
        try {
            searchPath(command.searchPath());
            try (Statement statement = target.createStatement()) {
                statement.execute(command.statement());
            }
            MaterializedViews.refreshedBy(target, command).ifPresent(refreshed::add);
            searchPath(searchPath);
        } catch (SQLException e) {
            throw new ReplayException(RowStatement.describe(transaction) + ": its " + command.tag()
                    + " failed on the restored database: " + PreparedBatches.firstLine(e.getMessage()));
        } finally {
            if (alone) {
                target.setAutoCommit(false);
            }
        }
        return alone;
    }

    /** The materialized views the replayed REFRESH commands refreshed ({@code schema.name}). */
    Set<String> refreshed() {
        return Set.copyOf(refreshed);
    }

    private void searchPath(String path) throws SQLException {
        try (PreparedStatement statement = target.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, false)")) {
            statement.setString(1, path == null ? searchPath : path);
            statement.execute();
        }
    }
}
