package dev.lifeboat.d1.export;

/** How the statements of a wrangler export name their tables: quoted as SQLite quotes ({@code "a""b"}, {@code [a]}, {@code `a`}, {@code 'a'}) or bare. */
public final class ExportStatements {

    /** The statement every wrangler export begins with. */
    public static final String FIRST_STATEMENT = "PRAGMA defer_foreign_keys=TRUE";

    /** What a statement of an export is, as far as a restore cares. */
    public enum Kind {
        /** {@code CREATE TABLE}: a table of the database. */
        TABLE,
        /** {@code INSERT INTO}: one row. */
        ROW,
        /** {@code CREATE INDEX}, {@code CREATE VIEW}, {@code CREATE TRIGGER}: a schema object beside the tables. */
        OTHER_SCHEMA,
        /** Anything else ({@code PRAGMA}, {@code DELETE FROM sqlite_sequence}). */
        OTHER
    }

    private ExportStatements() {
    }

    public static Kind kindOf(String statement) {
        if (startsWith(statement, "INSERT INTO ")) {
            return Kind.ROW;
        }
        if (startsWith(statement, "CREATE TABLE ")) {
            return Kind.TABLE;
        }
        if (startsWith(statement, "CREATE ")) {
            return Kind.OTHER_SCHEMA;
        }
        return Kind.OTHER;
    }

    /** Whether the statement begins with {@code prefix}, whatever the case (no copy: one statement per row passes here). */
    private static boolean startsWith(String statement, String prefix) {
        return statement.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The table a {@code CREATE TABLE} or {@code INSERT INTO} statement names. */
    public static String tableOf(String statement) {
        int at = startsWith(statement, "INSERT INTO ") ? "INSERT INTO ".length()
                : startsWith(statement, "CREATE TABLE IF NOT EXISTS ") ? "CREATE TABLE IF NOT EXISTS ".length() : "CREATE TABLE ".length();
        return tableAfter(statement, at);
    }

    /** The table named at {@code at} of {@code statement}. */
    public static String tableAfter(String statement, int at) {
        int i = at;
        while (i < statement.length() && Character.isWhitespace(statement.charAt(i))) {
            i++;
        }
        if (i >= statement.length()) {
            return "";
        }
        char open = statement.charAt(i);
        char close = switch (open) {
            case '"', '\'', '`' -> open;
            case '[' -> ']';
            default -> 0;
        };
        if (close == 0) {
            int end = i;
            while (end < statement.length() && !Character.isWhitespace(statement.charAt(end)) && statement.charAt(end) != '(') {
                end++;
            }
            return statement.substring(i, end);
        }
        StringBuilder name = new StringBuilder();
        for (int j = i + 1; j < statement.length(); j++) {
            char c = statement.charAt(j);
            if (c == close) {
                if (close != ']' && j + 1 < statement.length() && statement.charAt(j + 1) == close) {
                    name.append(c);
                    j++;
                    continue;
                }
                break;
            }
            name.append(c);
        }
        return name.toString();
    }

    /**
     * Tables SQLite and D1 keep for themselves ({@code sqlite_sequence}, {@code _cf_*}): restored with the export, never
     * counted; the same rule as {@code D1Queries.OWN_OBJECTS} (a table of wrangler's migrations, {@code d1_migrations}, is
     * the database's own).
     */
    public static boolean ownedBySqlite(String table) {
        return table.startsWith("sqlite_") || table.startsWith("_cf_");
    }
}
