package dev.lifeboat.localstack;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.query.D1Queries;
import dev.lifeboat.d1.wrangler.Wrangler;
import dev.lifeboat.d1.wrangler.WranglerFailure;
import dev.lifeboat.runtime.secret.DatabaseSecrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The second thing to protect on first start: a local Cloudflare D1 database {@value #NAME} (workerd's real SQLite,
 * through wrangler {@code --local}, in {@code .lifeboat/d1}) in the portal runbooks' shape ({@code demo/portal.sql}:
 * clients, tickets, invoices with foreign keys to both, an activity log; 4,000 rows), registered as {@value #ID}.
 */
final class DemoD1Database {

    static final String ID = "portal-db";
    static final String NAME = "portal";

    private DemoD1Database() {
    }

    /** The folder the local D1 databases live in (its {@code wrangler.toml} names them; their state is in {@code .wrangler/state}). */
    static Path folder(Path state) {
        return state.resolve("d1");
    }

    /** Creates {@value #NAME} with its rows when the folder holds no such tables yet. @return whether it was created now */
    static boolean createIfMissing(String wrangler, Path state) {
        D1Location portal = new D1Location(NAME, null, null, folder(state), null);
        Wrangler local = new Wrangler(wrangler, Duration.ofMinutes(2), DatabaseSecrets.defaults());
        try {
            if (!new D1Queries(local).tables(portal).isEmpty()) {
                return false;
            }
            Path script = Files.createTempFile("lifeboat-portal-", ".sql");
            try {
                Files.writeString(script, script());
                local.run(portal, List.of("execute", NAME, "--yes", "--file", script.toString()));
            } finally {
                Files.deleteIfExists(script);
            }
            return true;
        } catch (WranglerFailure | IOException e) {
            throw new IllegalStateException("cannot create the local D1 demo database: " + e.getMessage(), e);
        }
    }

    /** The registration body of {@value #ID}: a local D1 database in the stack's folder. */
    static String registration(Path state) {
        return """
                {"id":"%s","engine":"d1","database":"%s","d1":{"localFolder":"%s"},"labels":{"team":"portal","tier":"critical"}}"""
                .formatted(ID, NAME, folder(state).toAbsolutePath());
    }

    private static String script() {
        try (InputStream in = DemoD1Database.class.getResourceAsStream("/demo/portal.sql")) {
            if (in == null) {
                throw new IllegalStateException("demo/portal.sql is missing from the local stack's classes");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
