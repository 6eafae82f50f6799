package dev.lifeboat.changes.model;

/** A table as the stream names it: its schema and its name, unquoted. */
public record TableName(String schema, String name) implements Comparable<TableName> {

    /** The table of a {@code schema.name} (the schema is up to the first dot). */
    public static TableName of(String qualified) {
        int dot = qualified.indexOf('.');
        return new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /** {@code schema.name}, the form manifests use for row counts. */
    public String qualified() {
        return schema + "." + name;
    }

    @Override
    public int compareTo(TableName other) {
        return qualified().compareTo(other.qualified());
    }

    @Override
    public String toString() {
        return qualified();
    }
}
