package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.restore.TableOfContents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@link RestoredCheck#SCHEMA_OBJECTS}: every table and index of the archive's table of contents exists. The
 * restored database's relations are listed the way {@code pg_restore --list} prints them and compared as
 * such, so a name with a space, a dot or a semicolon is found as itself.
 */
final class SchemaObjectCheck {

    private SchemaObjectCheck() {
    }

    /** Every table and index of the archive's table of contents exists in the restored database. */
    static ValidationResult check(Connection connection, List<TableOfContents.Entry> expected) throws SQLException {
        Set<String> tables = new HashSet<>();
        Set<String> indexes = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.relkind IN ('i', 'I'), n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'f', 'i', 'I')""");
             ResultSet result = query.executeQuery()) {
            while (result.next()) {
                (result.getBoolean(1) ? indexes : tables).add(TableOfContents.listed(result.getString(2), result.getString(3)));
            }
        }
        List<String> missing = new ArrayList<>();
        for (TableOfContents.Entry entry : expected) {
            if (!(entry.kind() == TableOfContents.Entry.Kind.TABLE ? tables : indexes).contains(entry.listed())) {
                missing.add(entry.kind().name().toLowerCase(Locale.ROOT) + " " + entry.listed() + " is missing");
            }
        }
        long tableCount = expected.stream().filter(entry -> entry.kind() == TableOfContents.Entry.Kind.TABLE).count();
        return RestoredCheck.SCHEMA_OBJECTS.result(missing, RestoredCheck.count(tableCount, "table", "tables") + " and "
                + RestoredCheck.count(expected.size() - tableCount, "index", "indexes") + " of the archive exist");
    }
}
