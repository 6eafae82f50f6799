package dev.lifeboat.postgres.restore;

/**
 * Reads names out of the SQL pg_dump writes: identifiers bare or double-quoted ({@code ""} inside quotes is
 * one quote), schema-qualified names joined by a dot. Anything not where it is expected is an
 * {@link IllegalArgumentException} naming what was expected.
 */
final class DumpSqlReader {

    private final String sql;
    private int at;

    DumpSqlReader(String sql) {
        this.sql = sql;
    }

    void skipComments() {
        while (true) {
            skipSpace();
            if (!sql.startsWith("--", at)) {
                return;
            }
            int end = sql.indexOf('\n', at);
            at = end < 0 ? sql.length() : end + 1;
        }
    }

    void expect(String text) {
        skipSpace();
        if (!sql.startsWith(text, at)) {
            throw new IllegalArgumentException("expected '" + text + "' at: " + excerpt());
        }
        at += text.length();
    }

    /** Skips the keyword when it comes next, followed by a space. */
    void optional(String keyword) {
        skipSpace();
        if (sql.startsWith(keyword + " ", at)) {
            at += keyword.length();
        }
    }

    /** {@code schema.name}, unquoted, as the manifest names tables. */
    String qualifiedName() {
        String schema = identifier();
        if (at >= sql.length() || sql.charAt(at) != '.') {
            throw new IllegalArgumentException("expected a schema-qualified name at: " + excerpt());
        }
        at++;
        return schema + "." + identifier();
    }

    String identifier() {
        skipSpace();
        StringBuilder name = new StringBuilder();
        if (at < sql.length() && sql.charAt(at) == '"') {
            at++;
            while (at < sql.length()) {
                char c = sql.charAt(at++);
                if (c == '"') {
                    if (at < sql.length() && sql.charAt(at) == '"') {
                        name.append('"');
                        at++;
                    } else {
                        return name.toString();
                    }
                } else {
                    name.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated quoted name at: " + excerpt());
        }
        while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_' || sql.charAt(at) == '$')) {
            name.append(sql.charAt(at++));
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("expected a name at: " + excerpt());
        }
        return name.toString();
    }

    /** Skips a parenthesized list of names. */
    void parenthesized() {
        expect("(");
        while (true) {
            identifier();
            skipSpace();
            if (at < sql.length() && sql.charAt(at) == ',') {
                at++;
            } else {
                expect(")");
                return;
            }
        }
    }

    private void skipSpace() {
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
            at++;
        }
    }

    private String excerpt() {
        return sql.substring(at, Math.min(sql.length(), at + 60)).replace('\n', ' ');
    }
}
