package dev.lifeboat.restore;

import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.ServiceProcess;
import dev.lifeboat.realservers.tokens.LocalTokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A restore service a test starts as a process of its own: the working directory it starts in, and calls to it with the local stack's tokens. */
final class RestoreServiceProcesses {

    private RestoreServiceProcesses() {
    }

    /**
     * A working directory whose {@code config/application.properties} (read by Quarkus from the working directory) makes
     * each database a restore target (its id to its live database) of the superuser, with the given stale-after, and
     * the given databases' smoke queries (by id).
     */
    static Path workDir(Path workDir, PostgresServer postgres, Map<String, String> databases, Map<String, String> smokeQueries,
                        Path superuserPassword, Duration staleAfter) throws IOException {
        StringBuilder properties = new StringBuilder("lifeboat.restore.stale-after=" + staleAfter + "\n");
        databases.forEach((id, live) -> {
            String prefix = "lifeboat.restore.databases." + id + ".";
            properties.append(prefix).append("host=").append(postgres.host()).append('\n')
                    .append(prefix).append("port=").append(postgres.port()).append('\n')
                    .append(prefix).append("database=").append(live).append('\n')
                    .append(prefix).append("username=").append(postgres.superuser()).append('\n')
                    .append(prefix).append("credential-ref=file:").append(superuserPassword).append('\n')
                    .append(prefix).append("restore-without-safety-backup=true\n");
            if (smokeQueries.containsKey(id)) {
                properties.append(prefix).append("smoke-query=").append(smokeQueries.get(id)).append('\n');
            }
        });
        Files.writeString(Files.createDirectories(workDir.resolve("config")).resolve("application.properties"), properties);
        return workDir;
    }

    /** GET as a viewer; the body. */
    static String get(ServiceProcess service, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Authorization", "Bearer " + LocalTokens.forTest("viewer")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Asks for a restore as an admin. */
    static HttpResponse<String> restore(ServiceProcess service, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url() + "/api/restores"))
                .header("Authorization", "Bearer " + LocalTokens.forTest("admin")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
