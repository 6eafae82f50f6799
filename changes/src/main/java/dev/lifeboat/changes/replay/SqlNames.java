package dev.lifeboat.changes.replay;

import dev.lifeboat.changes.model.TableName;
import dev.lifeboat.postgres.sql.SqlIdentifiers;

/** Names and values as replayed SQL spells them. */
final class SqlNames {

    private SqlNames() {
    }

    static String table(TableName table) {
        return SqlIdentifiers.quote(table.schema()) + "." + SqlIdentifiers.quote(table.name());
    }

    /**
     * A value in its text form as a typed literal: the type's own input function reads it, which is lossless for every
     * type. Replay sessions run with {@code standard_conforming_strings} on, so only quotes need doubling.
     */
    static String literal(String text, String type) {
        if (text == null) {
            return "NULL::" + type;
        }
        return "'" + text.replace("'", "''") + "'::" + type;
    }
}
