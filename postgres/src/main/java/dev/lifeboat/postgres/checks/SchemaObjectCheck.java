package dev.lifeboat.postgres.checks;

import dev.lifeboat.postgres.restore.TableOfContents;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

/** {@link RestoredCheck#SCHEMA_OBJECTS}: every table and index of the archive's table of contents exists. */
final class SchemaObjectCheck {

    private SchemaObjectCheck() {
    }

    /** Every table and index of the archive's table of contents exists in the restored database. */
    static ValidationResult check(Connection connection, List<TableOfContents.Entry> expected) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (TableOfContents.Entry entry : expected) {
                exists.setString(1, SqlIdentifiers.quoteTable(entry.name()));
                try (ResultSet result = exists.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        missing.add(entry.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + entry.name() + " is missing");
                    }
                }
            }
        }
        long tables = expected.stream().filter(entry -> entry.kind() == TableOfContents.Entry.Kind.TABLE).count();
        return RestoredCheck.SCHEMA_OBJECTS.result(missing, tables + " tables and " + (expected.size() - tables) + " indexes of the archive exist");
    }

}
