package dev.lifeboat.restorechecks;

import dev.lifeboat.archive.NewestValue;
import dev.lifeboat.postgres.freshness.NewestValues;
import dev.lifeboat.events.restore.ValidationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link RestoredCheck#FRESHNESS_COLUMNS}: each freshness column's newest value equals the one the backup recorded. */
final class FreshnessColumnCheck {

    private FreshnessColumnCheck() {
    }

    /**
     * The newest value of each freshness column in the restored copy equals the one the backup recorded in
     * its snapshot. A value the backup could not read fails the check too: the manifest cannot vouch for it.
     */
    static ValidationResult check(Connection connection, Map<String, NewestValue> recorded) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        recorded.forEach((table, value) -> columns.put(table, value.column()));
        Map<String, NewestValue> restored = new NewestValues(connection).read(columns);
        List<String> wrong = new ArrayList<>();
        List<String> matching = new ArrayList<>();
        recorded.forEach((table, expected) -> {
            NewestValue actual = restored.get(table);
            String name = table + "." + expected.column();
            if (!expected.readable()) {
                wrong.add(name + ": the backup recorded no value (" + expected.problem() + ")");
            } else if (!actual.readable()) {
                wrong.add(name + ": " + actual.problem());
            } else if (!java.util.Objects.equals(expected.newest(), actual.newest())) {
                wrong.add(name + ": newest is " + actual.newest() + ", the manifest says " + expected.newest());
            } else {
                matching.add(name + " = " + actual.newest());
            }
        });
        return RestoredCheck.FRESHNESS_COLUMNS.result(wrong, "newest values match the manifest: " + String.join(", ", matching));
    }

}
