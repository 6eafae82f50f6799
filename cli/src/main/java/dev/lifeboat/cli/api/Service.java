package dev.lifeboat.cli.api;

import java.util.Locale;
import java.util.Map;

/** The services the command line talks to, each at {@code LIFEBOAT_<NAME>_URL} (default: the local stack's port). */
public enum Service {
    BACKUP(8081), RESTORE(8082), VERIFIER(8083), AUDIT(8085);

    private final int localPort;

    Service(int localPort) {
        this.localPort = localPort;
    }

    /** {@code LIFEBOAT_BACKUP_URL}, else {@code http://127.0.0.1:<LIFEBOAT_PORT_BACKUP or 8081>}. */
    public String baseUrl(Map<String, String> environment) {
        String url = environment.get("LIFEBOAT_" + name() + "_URL");
        if (url != null && !url.isBlank()) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        return "http://127.0.0.1:" + environment.getOrDefault("LIFEBOAT_PORT_" + name(), String.valueOf(localPort));
    }

    public String serviceName() {
        return name().toLowerCase(Locale.ROOT) + "-service";
    }
}
