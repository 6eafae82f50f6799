package dev.lifeboat.restore.validation;

import dev.lifeboat.events.restore.ValidationResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** An operator's smoke query on a swapped-in database (JDBC, blocking): it passes when it runs without an error within a minute. */
public final class SmokeQuery {

    public static final String CHECK = "SMOKE_QUERY";

    private SmokeQuery() {
    }

    public static ValidationResult run(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(60);
            statement.execute(sql);
            return new ValidationResult(CHECK, true, "the configured smoke query succeeded");
        } catch (SQLException e) {
            return new ValidationResult(CHECK, false, "the configured smoke query failed: " + e.getMessage());
        }
    }
}
