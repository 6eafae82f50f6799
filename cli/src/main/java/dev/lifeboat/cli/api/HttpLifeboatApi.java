package dev.lifeboat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The services' REST APIs over HTTP, with the bearer token of {@code LIFEBOAT_TOKEN}. A refusal becomes an
 * {@link ApiFailure} carrying the service's own sentence and code; the token never appears in any message.
 */
public final class HttpLifeboatApi implements LifeboatApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> environment;
    private final String token;

    public HttpLifeboatApi(Map<String, String> environment) {
        this.environment = environment;
        this.token = environment.get("LIFEBOAT_TOKEN");
    }

    @Override
    public JsonNode get(Service service, String pathAndQuery) {
        return send(service, request(service, pathAndQuery).GET());
    }

    @Override
    public JsonNode post(Service service, String path, JsonNode body) {
        return send(service, request(service, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(Service service, String path) {
        if (token == null || token.isBlank()) {
            throw new ApiFailure(0, "no token: set LIFEBOAT_TOKEN to a bearer token (./lifeboat sets one itself for the local stack)");
        }
        return HttpRequest.newBuilder(URI.create(service.baseUrl(environment) + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private JsonNode send(Service service, HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiFailure(0, service.serviceName() + " is not reachable at " + service.baseUrl(environment)
                    + " (is the stack up? set LIFEBOAT_" + service.name() + "_URL for another address)");
        } catch (HttpTimeoutException e) {
            throw new ApiFailure(0, service.serviceName() + " did not answer " + built.method() + " " + built.uri().getPath()
                    + " within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new ApiFailure(0, service.serviceName() + " could not be asked (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(0, "interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            String error = body.path("error").asText("");
            String code = body.path("code").asText("HTTP_" + response.statusCode());
            throw new ApiFailure(response.statusCode(), service.serviceName() + " answered " + response.statusCode() + " " + code
                    + (error.isEmpty() ? "" : ": " + error));
        }
        return body;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
