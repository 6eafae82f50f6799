package dev.lifeboat.restorechecks;

import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.postgres.sql.OwnedSequence;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@link RestoredCheck#SEQUENCES}: each sequence a serial or identity column of the tables draws from gives a value above the column's max. */
final class SequenceCheck {

    private SequenceCheck() {
    }

    /** Sequences owned by a column (serial, identity) of the tables: their next value must be above the column's max. */
    static ValidationResult check(Connection connection, Set<String> tables) throws SQLException {
        List<String> behind = new ArrayList<>();
        int checked = 0;
        for (OwnedSequence sequence : OwnedSequence.of(connection, tables)) {
            checked++;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT (SELECT max(" + SqlIdentifiers.quote(sequence.column()) + ") FROM "
                         + SqlIdentifiers.quoteTable(sequence.table()) + "), s.last_value, s.is_called FROM " + SqlIdentifiers.quoteTable(sequence.sequence()) + " s")) {
                result.next();
                long max = result.getLong(1);
                boolean empty = result.wasNull();
                long last = result.getLong(2);
                boolean called = result.getBoolean(3);
                long nextValue = called ? last + 1 : last;
                if (!empty && nextValue <= max) {
                    behind.add(sequence.sequence() + " would give " + nextValue + ", but " + sequence.table() + "." + sequence.column() + " has " + max);
                }
            }
        }
        return RestoredCheck.SEQUENCES.result(behind, RestoredCheck.count(checked, "sequence", "sequences") + " ahead of "
                + (checked == 1 ? "its column" : "their columns"));
    }

}
