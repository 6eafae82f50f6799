package dev.lifeboat.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.LifeboatApi;
import dev.lifeboat.cli.api.Service;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services' answers for {@code lifeboat status}, canned per service and path (a call to the wrong service finds no
 * answer), with every call it was asked in order.
 */
final class FakeLifeboatApi implements LifeboatApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> answers = new HashMap<>();
    private final Set<Service> unreachable = EnumSet.noneOf(Service.class);
    final List<String> calls = new ArrayList<>();

    FakeLifeboatApi answer(Service service, String pathAndQuery, String json) {
        answers.put(service + " " + pathAndQuery, json);
        return this;
    }

    FakeLifeboatApi fail(Service service, String pathAndQuery, ApiFailure failure) {
        answers.put(service + " " + pathAndQuery, failure);
        return this;
    }

    /** Every call to the service fails as {@code HttpLifeboatApi} fails when nothing listens at its address. */
    FakeLifeboatApi unreachable(Service service) {
        unreachable.add(service);
        return this;
    }

    /** Nothing running or queued, and these databases (JSON objects of {@code GET /api/databases}) registered. */
    FakeLifeboatApi idleFleet(String... databases) {
        answer(Service.BACKUP, "/api/backups/requests?status=RUNNING&size=500", "{\"items\":[]}");
        answer(Service.BACKUP, "/api/backups/queue?size=500", "{\"items\":[],\"servers\":{}}");
        answer(Service.RESTORE, "/api/restores?status=RUNNING&size=500", "{\"items\":[]}");
        answer(Service.BACKUP, "/api/databases?size=500", "{\"items\":[" + String.join(",", databases) + "]}");
        return this;
    }

    /**
     * A database's history as its four pages: the newest backup, the newest verification, the newest passed verification
     * (each one JSON object, or null for none) and its restore tests (the items of the page, newest first, "" for none).
     */
    FakeLifeboatApi history(String encodedId, String backup, String verification, String verified, String tests) {
        answer(Service.BACKUP, "/api/backups?databaseId=" + encodedId + "&size=1", page(backup));
        answer(Service.VERIFIER, "/api/verifications?databaseId=" + encodedId + "&size=1", page(verification));
        answer(Service.VERIFIER, "/api/verifications?databaseId=" + encodedId + "&status=PASSED&size=1", page(verified));
        answer(Service.VERIFIER, "/api/restore-tests?databaseId=" + encodedId + "&size=10", "{\"items\":[" + tests + "]}");
        return this;
    }

    private static String page(String item) {
        return "{\"items\":[" + (item == null ? "" : item) + "]}";
    }

    @Override
    public JsonNode get(Service service, String pathAndQuery) {
        calls.add(service + " " + pathAndQuery);
        if (unreachable.contains(service)) {
            throw new ApiFailure(0, unreachableMessage(service));
        }
        Object answer = answers.get(service + " " + pathAndQuery);
        if (answer == null) {
            throw new AssertionError("no answer for " + service + " " + pathAndQuery);
        }
        if (answer instanceof ApiFailure failure) {
            throw failure;
        }
        try {
            return JSON.readTree((String) answer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public JsonNode post(Service service, String path, JsonNode body) {
        throw new AssertionError("status only reads, yet posted to " + service + " " + path);
    }

    static String unreachableMessage(Service service) {
        return service.serviceName() + " is not reachable at " + service.baseUrl(Map.of()) + " (is the stack up? set LIFEBOAT_" + service.name()
                + "_URL for another address)";
    }
}
