package dev.lifeboat.postgres.checks;

import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@link RestoredCheck#ROW_COUNTS}: {@code count(*)} of each table equals the manifest's count. */
final class RowCountCheck {

    private RowCountCheck() {
    }

    /**
     * @param counted filled with the rows counted per table
     */
    static ValidationResult check(Connection connection, Map<String, Long> expected, Collection<String> tables, Map<String, Long> counted)
            throws SQLException {
        List<String> wrong = new ArrayList<>();
        for (String table : tables) {
            long actual;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FROM " + SqlIdentifiers.quoteTable(table))) {
                result.next();
                actual = result.getLong(1);
            }
            counted.put(table, actual);
            Long wanted = expected.get(table);
            if (wanted == null || wanted != actual) {
                wrong.add(table + ": " + actual + " rows, the manifest says " + wanted);
            }
        }
        return RestoredCheck.ROW_COUNTS.result(wrong, tables.size() + " tables match the manifest");
    }

}
