package dev.lifeboat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services' answers for the command line's tests: canned per method and path (any service), in the order given,
 * the last one repeating; or per service and path (only that service's GET), one answer that a later one replaces. An
 * answer is JSON text, a
 * {@link JsonNode} or the {@link ApiFailure} to throw. It keeps every call ({@code SERVICE path}) and every body posted,
 * in order, and a service can be made unreachable as {@code HttpLifeboatApi} finds one where nothing listens.
 */
public class CannedApi implements LifeboatApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Deque<Object>> answers = new HashMap<>();
    private final Set<Service> unreachable = EnumSet.noneOf(Service.class);
    public final List<String> calls = new ArrayList<>();
    public final List<String> bodies = new ArrayList<>();

    /** {@code method} ("GET", "POST") on {@code path} of any service answers this, after the answers given before. */
    public CannedApi answer(String method, String path, Object answer) {
        answers.computeIfAbsent(method + " " + path, key -> new ArrayDeque<>()).add(answer);
        return this;
    }

    /** A GET of {@code path} of this service (only) answers this from now on, in place of what it answered before. */
    public CannedApi answer(Service service, String path, Object answer) {
        answers.put("GET " + service + " " + path, new ArrayDeque<>(List.of(answer)));
        return this;
    }

    /** Every call to the service fails as {@code HttpLifeboatApi} fails when nothing listens at its address. */
    public CannedApi unreachable(Service service) {
        unreachable.add(service);
        return this;
    }

    public static String unreachableMessage(Service service) {
        return service.serviceName() + " is not reachable at " + service.baseUrl(Map.of()) + " (is the stack up? set LIFEBOAT_"
                + service.name() + "_URL for another address)";
    }

    @Override
    public JsonNode get(Service service, String pathAndQuery) {
        return next("GET", service, pathAndQuery);
    }

    @Override
    public JsonNode post(Service service, String path, JsonNode body) {
        bodies.add(body.toString());
        return next("POST", service, path);
    }

    private JsonNode next(String method, Service service, String path) {
        calls.add(service + " " + path);
        if (unreachable.contains(service)) {
            throw new ApiFailure(0, unreachableMessage(service));
        }
        Deque<Object> queue = answers.get(method + " " + service + " " + path);
        if (queue == null) {
            queue = answers.get(method + " " + path);
        }
        if (queue == null) {
            throw new AssertionError("no answer for " + method + " " + service + " " + path);
        }
        Object answer = queue.size() > 1 ? queue.poll() : queue.peek();
        if (answer instanceof ApiFailure failure) {
            throw failure;
        }
        if (answer instanceof JsonNode node) {
            return node;
        }
        try {
            return JSON.readTree((String) answer);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
