package dev.lifeboat.backup;

import dev.lifeboat.realservers.wrangler.InstalledWrangler;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The real wrangler (installed from the project's lockfile) for D1 backups; every D1 database of the tests is local. */
public class WranglerTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("lifeboat.d1.wrangler", InstalledWrangler.executable());
    }

    @Override
    public void stop() {
        // nothing runs between commands
    }
}
