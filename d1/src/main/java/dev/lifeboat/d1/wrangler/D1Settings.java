package dev.lifeboat.d1.wrangler;

import dev.lifeboat.runtime.secret.DatabaseSecrets;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How every service drives Cloudflare D1: the wrangler it runs, and how long one command may take. */
@ConfigMapping(prefix = "lifeboat.d1")
public interface D1Settings {

    /**
     * The {@code wrangler} executable: on the PATH by default; the local stack, the tests and the images use the one
     * installed from {@code d1/wrangler/package-lock.json} (wrangler 4.50.0, which runs on Node.js 20).
     */
    @WithDefault("wrangler")
    String wrangler();

    /** The longest one export or one restore batch may take before it is stopped and the work failed. */
    @WithDefault("PT1H")
    Duration commandTimeout();

    /** The longest a connection test's query may take. */
    @WithDefault("PT2M")
    Duration testTimeout();

    /** The wrangler these settings name, for long commands; {@code secrets}: what a token's reference may name. */
    default Wrangler longCommands(DatabaseSecrets secrets) {
        return new Wrangler(wrangler(), commandTimeout(), secrets);
    }

    /** The wrangler these settings name, for a connection test; {@code secrets}: what a token's reference may name. */
    default Wrangler quickCommands(DatabaseSecrets secrets) {
        return new Wrangler(wrangler(), testTimeout(), secrets);
    }
}
