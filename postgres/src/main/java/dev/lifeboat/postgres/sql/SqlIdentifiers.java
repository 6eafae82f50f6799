package dev.lifeboat.postgres.sql;

/** SQL identifiers quoted for PostgreSQL, and {@code schema.table} names as the manifest writes them. */
public final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code schema.table}, as the manifest writes it, quoted part by part. */
    public static String quoteTable(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        return quote(qualifiedName.substring(0, dot)) + "." + quote(qualifiedName.substring(dot + 1));
    }
}
