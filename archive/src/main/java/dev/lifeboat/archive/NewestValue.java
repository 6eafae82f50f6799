package dev.lifeboat.archive;

/**
 * The newest value of one table's freshness column, as PostgreSQL prints it ({@code max(column)::text},
 * read with TimeZone UTC and ISO dates), or why it could not be read.
 *
 * @param column  the column's name
 * @param newest  {@code max(column)} as text; null when the table is empty or {@code problem} is set
 * @param problem why no value was read (no such table or column, a type without {@code max}); null when it was
 */
public record NewestValue(String column, String newest, String problem) {

    public static NewestValue of(String column, String newest) {
        return new NewestValue(column, newest, null);
    }

    public static NewestValue unreadable(String column, String problem) {
        return new NewestValue(column, null, problem);
    }

    public boolean readable() {
        return problem == null;
    }
}
