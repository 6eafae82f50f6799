package dev.lifeboat.postgres.copytext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The columns a dump's COPY statement names, as {@code pg_dump} writes it: {@code COPY public.t (id, "Odd Name") FROM
 * stdin;}, identifiers quoted where they must be (a quote inside doubled), no list at all for a table without columns.
 * A check prints a restored table's rows in these columns, in this order: a table's column order after a restore may
 * differ from the source's (an inheritance child whose parent gained a column), the dump's order does not.
 */
public final class CopyStatement {

    private final String text;
    private int at;

    private CopyStatement(String text) {
        this.text = text;
    }

    /** The column names (unquoted), or empty when the text is not a COPY statement of this shape. */
    public static Optional<List<String>> columns(String copyStatement) {
        if (copyStatement == null || !copyStatement.startsWith("COPY ")) {
            return Optional.empty();
        }
        CopyStatement statement = new CopyStatement(copyStatement);
        statement.at = "COPY ".length();
        return statement.parse();
    }

    private Optional<List<String>> parse() {
        if (identifier() == null || !take(".") || identifier() == null) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        if (take(" (")) {
            do {
                String column = identifier();
                if (column == null) {
                    return Optional.empty();
                }
                columns.add(column);
            } while (take(", "));
            if (!take(")")) {
                return Optional.empty();
            }
        } else if (!take(" ")) {
            return Optional.empty();
        }
        return take(" FROM stdin;") ? Optional.of(columns) : Optional.empty();
    }

    /** A quoted or plain identifier; null when there is none at this place. */
    private String identifier() {
        if (at < text.length() && text.charAt(at) == '"') {
            StringBuilder name = new StringBuilder();
            for (int i = at + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '"') {
                    name.append(c);
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    name.append('"');
                    i++;
                } else {
                    at = i + 1;
                    return name.toString();
                }
            }
            return null;
        }
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '$')) {
            at++;
        }
        return at > start ? text.substring(start, at) : null;
    }

    private boolean take(String expected) {
        if (text.startsWith(expected, at)) {
            at += expected.length();
            return true;
        }
        return false;
    }
}
