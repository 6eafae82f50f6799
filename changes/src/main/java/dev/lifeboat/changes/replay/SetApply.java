package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.RowChange;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one table's row statements (triggers off, so the order of different rows does not matter) as few statements
 * as it can: a run of same-shaped INSERTs, UPDATEs or DELETEs becomes one statement over arrays of the values
 * ({@code UPDATE t SET c = v.p1::type FROM unnest(?::text[], ...) AS v(p1, ...) WHERE t.k = v.p2::type}), and of
 * several UPDATEs of one row in a run only the last is applied (the stream carries each updated row whole, so the last
 * holds every column the run sets). The statement must touch exactly as many rows as the run has distinct rows; where
 * it does not, or fails, the run is undone to a savepoint and applied row by row ({@link PreparedBatches}), which names
 * the transaction and table that went wrong. Statements that cannot be applied so (a changed key, a row found by a
 * NULL) keep to row by row.
 */
final class SetApply {

    /** Rows in one statement at the most. */
    private static final int CHUNK = 10_000;
    /** A shorter run goes row by row: one set statement costs a savepoint and an array each. */
    private static final int SHORTEST = 4;

    private final Connection connection;
    private final PreparedBatches rowByRow;
    private final ReplayCounts counts;

    SetApply(Connection connection, PreparedBatches rowByRow, ReplayCounts counts) {
        this.connection = connection;
        this.rowByRow = rowByRow;
        this.counts = counts;
    }

    /**
     * Applies one table's statements, each run of the same shape in one go where it can.
     *
     * @return how many of them were applied in statements over arrays (the others row by row)
     */
    int run(List<RowStatement> statements) throws SQLException, ReplayException {
        int together = 0;
        int start = 0;
        while (start < statements.size()) {
            RowStatement first = statements.get(start);
            int end = start + 1;
            while (end < statements.size() && statements.get(end).setBased() == first.setBased()
                    && statements.get(end).sql().equals(first.sql())) {
                end++;
            }
            List<RowStatement> run = statements.subList(start, end);
            if (first.setBased() && run.size() >= SHORTEST && applied(run)) {
                together += run.size();
            } else {
                rowByRow.run(run);
            }
            start = end;
        }
        return together;
    }

    /** @return false when the run was undone and is to be applied row by row */
    private boolean applied(List<RowStatement> run) throws SQLException {
        List<RowStatement> rows = lastOfEachRow(run);
        Savepoint before = connection.setSavepoint();
        try {
            String sql = sql(run.get(0));
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<RowStatement> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
                if (execute(sql, chunk) != chunk.size()) {
                    connection.rollback(before);
                    return false;
                }
            }
        } catch (SQLException e) {
            connection.rollback(before);
            return false;
        }
        connection.releaseSavepoint(before);
        run.forEach(statement -> counts.applied(statement.change()));
        return true;
    }

    /** UPDATEs of one row (same key, which does not change): the last one; other kinds as they are. */
    static List<RowStatement> lastOfEachRow(List<RowStatement> run) {
        if (run.get(0).change().kind() != RowChange.Kind.UPDATE) {
            return run;
        }
        Map<List<String>, RowStatement> last = new LinkedHashMap<>();
        int keyParams = keyParams(run.get(0)); // one shape: the same key parameters in each
        for (RowStatement statement : run) {
            List<String> values = statement.values();
            last.put(values.subList(values.size() - keyParams, values.size()), statement);
        }
        return new ArrayList<>(last.values());
    }

    private static int keyParams(RowStatement statement) {
        return (int) statement.params().stream().filter(RowStatement.Param::key).count();
    }

    private int execute(String sql, List<RowStatement> chunk) throws SQLException {
        PreparedStatement statement = rowByRow.prepared(sql);
        int columns = chunk.get(0).values().size();
        List<Array> arrays = new ArrayList<>(columns);
        try {
            for (int column = 0; column < columns; column++) {
                String[] values = new String[chunk.size()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = chunk.get(row).values().get(column);
                }
                Array array = connection.createArrayOf("text", values);
                arrays.add(array);
                statement.setArray(column + 1, array);
            }
            return statement.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** The statement over arrays for runs shaped as {@code shape}; its parameters are in the same order as the row's. */
    static String sql(RowStatement shape) {
        List<RowStatement.Param> params = shape.params();
        StringBuilder unnest = new StringBuilder(" unnest(");
        StringBuilder names = new StringBuilder(") AS v(");
        StringBuilder set = new StringBuilder();
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < params.size(); i++) {
            RowStatement.Param param = params.get(i);
            String value = "v.p" + i + "::" + param.type();
            unnest.append(i > 0 ? ", " : "").append("?::text[]");
            names.append(i > 0 ? ", " : "").append("p").append(i);
            if (param.key()) {
                where.append(where.length() > 0 ? " AND " : " WHERE ").append("t.").append(SqlIdentifiers.quote(param.column()))
                        .append(" = ").append(value);
            } else {
                set.append(set.length() > 0 ? ", " : "").append(SqlIdentifiers.quote(param.column()))
                        .append(shape.change().kind() == RowChange.Kind.UPDATE ? " = " + value : "");
            }
        }
        String rows = unnest.append(names).append(")").toString();
        return switch (shape.change().kind()) {
            case INSERT -> "INSERT INTO " + shape.target() + " (" + set + ") OVERRIDING SYSTEM VALUE SELECT "
                    + insertValues(params) + " FROM" + rows;
            case UPDATE -> "UPDATE " + shape.target() + " AS t SET " + set + " FROM" + rows + where;
            case DELETE -> "DELETE FROM " + shape.target() + " AS t USING" + rows + where;
            case TRUNCATE, SCHEMA -> throw new IllegalArgumentException("a " + shape.change().kind() + " is not a row statement");
        };
    }

    private static String insertValues(List<RowStatement.Param> params) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < params.size(); i++) {
            values.append(i > 0 ? ", " : "").append("v.p").append(i).append("::").append(params.get(i).type());
        }
        return values.toString();
    }
}
