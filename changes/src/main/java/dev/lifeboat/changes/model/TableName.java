package dev.lifeboat.changes.model;

/** A table as the stream names it: its schema and its name, unquoted. */
public record TableName(String schema, String name) implements Comparable<TableName> {

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
