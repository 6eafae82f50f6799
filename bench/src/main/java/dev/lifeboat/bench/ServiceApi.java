package dev.lifeboat.bench;

import dev.lifeboat.realservers.process.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running service and its REST API, called as an admin; a non-2xx answer is an exception naming the call. */
final class ServiceApi implements AutoCloseable {

    private final ServiceProcess process;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    ServiceApi(ServiceProcess process, String token) {
        this.process = process;
        this.token = token;
    }

    String post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(process.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), "POST " + path);
    }

    String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(process.url() + path)).GET(), "GET " + path);
    }

    /** The string value of a top-level field of a JSON answer ({@code "restoreId":"…"}). */
    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    long pid() {
        return process.pid();
    }

    private String send(HttpRequest.Builder request, String call) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(call + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        process.close();
    }
}
