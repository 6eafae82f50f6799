package dev.lifeboat.events.registry;

import java.util.Arrays;
import java.util.Locale;

/**
 * What kind of database a registration names, and so which engine module backs it up, restores and checks it. A
 * registration without one is PostgreSQL's: every registration made before engines existed stays valid unchanged.
 */
public enum Engine {
    /** PostgreSQL, self-run or managed (RDS, Supabase, Neon): {@code pg_dump}, {@code pg_restore}, logical decoding. */
    POSTGRESQL("postgresql"),
    /** Cloudflare D1 (SQLite at the edge), through {@code wrangler d1}. */
    D1("d1");

    private final String wireName;

    Engine(String wireName) {
        this.wireName = wireName;
    }

    /** The engine as registrations, events and the API name it. */
    public String wireName() {
        return wireName;
    }

    /** The engine a registration names; {@link #POSTGRESQL} for none. */
    public static Engine of(String wireName) {
        if (wireName == null || wireName.isBlank()) {
            return POSTGRESQL;
        }
        String name = wireName.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(engine -> engine.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("engine must be one of postgresql, d1"));
    }
}
