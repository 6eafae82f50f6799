package dev.lifeboat.changes.replay;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs row statements in their order as prepared batches: consecutive statements with the same SQL go to the server
 * together, each prepared once per connection. Each UPDATE and DELETE must have touched exactly one row.
 */
final class PreparedBatches implements AutoCloseable {

    private static final int BATCH = 2_000;
    private static final int PREPARED = 256;

    private final Connection connection;
    private final ReplayCounts counts;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    PreparedBatches(Connection connection, ReplayCounts counts) {
        this.connection = connection;
        this.counts = counts;
    }

    void run(List<RowStatement> statements) throws SQLException, ReplayException {
        int start = 0;
        while (start < statements.size()) {
            String sql = statements.get(start).sql();
            int end = start + 1;
            while (end < statements.size() && end - start < BATCH && statements.get(end).sql().equals(sql)) {
                end++;
            }
            execute(statements.subList(start, end));
            start = end;
        }
    }

    private void execute(List<RowStatement> run) throws SQLException, ReplayException {
        PreparedStatement statement = prepared(run.get(0).sql());
        for (RowStatement row : run) {
            List<String> values = row.values();
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i), Types.OTHER);
            }
            statement.addBatch();
        }
        int[] results;
        try {
            results = statement.executeBatch();
        } catch (BatchUpdateException e) {
            RowStatement failed = run.get(Math.min(firstFailure(e.getUpdateCounts()), run.size() - 1));
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new ReplayException(RowStatement.describe(failed.transaction()) + ": " + failed.change().kind() + " of "
                    + failed.change().table() + " failed: " + firstLine(cause.getMessage()));
        }
        for (int i = 0; i < results.length; i++) {
            RowStatement row = run.get(i);
            if (row.oneRow() && results[i] != 1) {
                throw new ReplayException(RowStatement.describe(row.transaction()) + ": " + row.change().kind() + " of "
                        + row.change().table() + " by " + row.change().key().keySet() + " touched " + results[i]
                        + " rows where the source touched one");
            }
            counts.applied(row.change());
        }
    }

    /** The statement, prepared once per connection (at most 256 kept). */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            if (prepared.size() >= PREPARED) {
                close();
            }
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /** The server's message without its DETAIL lines, which quote row values (a key, a token) into events. */
    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static int firstFailure(int[] counts) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.EXECUTE_FAILED) {
                return i;
            }
        }
        return counts.length;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : prepared.values()) {
            statement.close();
        }
        prepared.clear();
    }
}
