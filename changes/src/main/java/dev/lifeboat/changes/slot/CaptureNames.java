package dev.lifeboat.changes.slot;

import java.util.Locale;

/**
 * The names Lifeboat gives its objects in a captured database: one publication and one replication slot per registered
 * database, {@code lifeboat_<id>_<hash>}. Slot names allow only lower-case letters, digits and underscores (at most 63)
 * and are shared by every database of a server: the hash of the exact id keeps {@code a-b} and {@code a_b} apart. The
 * event trigger that records DDL, and its function, are {@code lifeboat_ddl_<hash>}.
 */
public record CaptureNames(String publication, String slot, String ddl) {

    public static final String PREFIX = "lifeboat_";

    public static CaptureNames of(String databaseId) {
        String readable = databaseId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String hash = String.format("%08x", databaseId.hashCode());
        String name = PREFIX + readable.substring(0, Math.min(readable.length(), 63 - PREFIX.length() - 9)) + "_" + hash;
        return new CaptureNames(name, name, "lifeboat_ddl_" + hash);
    }
}
