package dev.lifeboat.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.LifeboatApi;
import dev.lifeboat.cli.api.Service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gathers {@link DatabaseFacts} for every registered database from the backup, restore and verifier APIs (running
 * backups with their progress, waiting ones with their place in the queue).
 */
final class FleetFacts {

    private static final Set<String> ENDED = Set.of("PASSED", "FAILED", "ERROR");

    private final LifeboatApi api;

    FleetFacts(LifeboatApi api) {
        this.api = api;
    }

    List<DatabaseFacts> all() {
        List<DatabaseFacts> facts = new ArrayList<>();
        JsonNode runningBackups = api.get(Service.BACKUP, "/api/backups/requests?status=RUNNING&size=500").path("items");
        JsonNode queuedBackups = queued();
        JsonNode runningRestores = api.get(Service.RESTORE, "/api/restores?status=RUNNING&size=500").path("items");
        for (JsonNode database : api.get(Service.BACKUP, "/api/databases?size=500").path("items")) {
            facts.add(of(database, runningBackups, queuedBackups, runningRestores));
        }
        return facts;
    }

    private DatabaseFacts of(JsonNode database, JsonNode runningBackups, JsonNode queuedBackups, JsonNode runningRestores) {
        String id = database.path("id").asText();
        String q = URLEncoder.encode(id, StandardCharsets.UTF_8);
        JsonNode backup = first(api.get(Service.BACKUP, "/api/backups?databaseId=" + q + "&size=1"));
        JsonNode verification = first(api.get(Service.VERIFIER, "/api/verifications?databaseId=" + q + "&size=1"));
        JsonNode protection = protection(q);
        JsonNode tests = api.get(Service.VERIFIER, "/api/restore-tests?databaseId=" + q + "&size=10").path("items");
        JsonNode newestTest = tests.isEmpty() ? null : tests.get(0);
        JsonNode test = finished(tests);
        List<String> running = new ArrayList<>();
        java.util.Set<String> queuedIds = new java.util.HashSet<>();
        queuedBackups.forEach(queued -> queuedIds.add(queued.path("requestId").asText()));
        for (JsonNode request : runningBackups) {
            // a backup whose replica died is still RUNNING in its record, but the queue shows it waiting again: once
            if (id.equals(request.path("databaseId").asText()) && !queuedIds.contains(request.path("requestId").asText())) {
                JsonNode percent = request.path("progress").path("percent");
                running.add("backup" + (percent.isNumber() ? " " + percent.asInt() + "%" : ""));
            }
        }
        for (JsonNode queued : queuedBackups) {
            if (id.equals(queued.path("databaseId").asText())) {
                running.add(queuedBackup(queued));
            }
        }
        for (JsonNode restore : runningRestores) {
            if (id.equals(restore.path("databaseId").asText())) {
                running.add("restore " + restore.path("restoreId").asText() + " (" + restore.path("targetKind").asText() + ")");
            }
        }
        if (newestTest != null && !ENDED.contains(newestTest.path("status").asText())) {
            running.add("restore test " + newestTest.path("testId").asText());
        }
        JsonNode rpo = protection.path("rpo").isTextual() ? protection.path("rpo") : database.path("rpo");
        return new DatabaseFacts(id, Duration.parse(rpo.asText("PT24H")), instant(database.path("nextBackupAt")),
                backup == null ? null : instant(backup.path("completedAt")), backup == null ? null : backup.path("sizeBytes").asLong(),
                instant(protection.path("protectedUntil")),
                verification == null ? null : verification.path("status").asText(),
                verification == null ? null : instant(verification.path("verifiedAt")),
                test == null ? null : test.path("status").asText(), test == null ? null : instant(test.path("finishedAt")),
                test == null || !test.path("restoreMs").isNumber() ? null : test.path("restoreMs").asLong(), running,
                database.path("pointInTime").path("enabled").asBoolean(false) ? capture(q) : null,
                backup == null || !backup.path("encrypted").isBoolean() ? null : backup.path("encrypted").asBoolean());
    }

    private DatabaseFacts.Capture capture(String q) {
        JsonNode capture = api.get(Service.BACKUP, "/api/databases/" + q + "/point-in-time").path("capture");
        String why = capture.path("code").asText("") + (capture.path("message").isTextual() ? ": " + capture.path("message").asText() : "");
        return new DatabaseFacts.Capture(capture.path("state").asText(), instant(capture.path("since")), why,
                capture.path("retainedWalBytes").isNumber() ? capture.path("retainedWalBytes").asLong() : null,
                capture.path("retainedWalLimitBytes").isNumber() ? capture.path("retainedWalLimitBytes").asLong() : null);
    }

    /**
     * How far the verifier says the database is protected (it owns freshness: the RPO gauge and its alert read the same
     * decision); a missing node while it does not know the database yet (404: registered a moment ago).
     */
    private JsonNode protection(String q) {
        return unlessMissing(Service.VERIFIER, "/api/protection/" + q);
    }

    /** The waiting backup requests; none from a backup service older than the queue's endpoint (404), mid-upgrade. */
    private JsonNode queued() {
        return unlessMissing(Service.BACKUP, "/api/backups/queue?size=500").path("items");
    }

    /** The answer, or a missing node (whose every path is missing, and which holds no items) where the service says 404. */
    private JsonNode unlessMissing(Service service, String path) {
        try {
            return api.get(service, path);
        } catch (ApiFailure e) {
            if (e.status() == 404) {
                return MissingNode.getInstance();
            }
            throw e;
        }
    }

    /** A waiting backup request as status shows it: {@code backup queued #3 (server full)}. */
    static String queuedBackup(JsonNode queued) {
        String why = switch (queued.path("hold").asText()) {
            case "SERVER_FULL" -> " (server full)";
            case "DATABASE_BUSY" -> " (after the running one)";
            case "NOT_DUE" -> " (retry, backing off)";
            default -> "";
        };
        return "backup queued #" + queued.path("place").asInt() + why;
    }

    /** The newest restore test that ended (a running one says nothing yet of whether the database restores). */
    private static JsonNode finished(JsonNode tests) {
        for (JsonNode test : tests) {
            if (ENDED.contains(test.path("status").asText())) {
                return test;
            }
        }
        return null;
    }

    private static JsonNode first(JsonNode page) {
        JsonNode items = page.path("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }
}
