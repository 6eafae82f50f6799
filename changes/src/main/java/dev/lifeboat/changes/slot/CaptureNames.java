package dev.lifeboat.changes.slot;

import java.util.Locale;

/**
 * The names Lifeboat gives its objects in a captured database: one publication and one replication slot per registered
 * database, {@code lifeboat_<id>}. Slot names allow only lower-case letters, digits and underscores (at most 63).
 */
public record CaptureNames(String publication, String slot) {

    public static final String PREFIX = "lifeboat_";

    public static CaptureNames of(String databaseId) {
        String name = PREFIX + databaseId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (name.length() > 63) {
            name = name.substring(0, 54) + "_" + Integer.toHexString(databaseId.hashCode());
        }
        return new CaptureNames(name, name);
    }
}
