package dev.lifeboat.backup.hostile;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;

/**
 * Sends a table of hostile calls to the service under test and judges each answer: a 4xx must carry a JSON
 * reason ({@code {"error": …}}); a 2xx is right only for a read or a call marked harmless; a 5xx, a hang or a
 * refused write is wrong. What Vert.x's HTTP codec refuses before any Lifeboat code runs (a request line over
 * 4 KiB: 414; headers over 20 KiB: 431; a body over Quarkus' 10 MiB limit: 413) comes without a body, or as a
 * connection closed while the client still writes, and is counted apart.
 */
public final class HostileCallRunner {

    private static final Set<Integer> HTTP_LAYER = Set.of(413, 414, 431);
    private static final RestAssuredConfig TEN_SECONDS = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 5_000)
            // a body the server refuses by its declared length is answered before it is sent
            .setParam("http.protocol.expect-continue", true));

    private HostileCallRunner() {
    }

    /**
     * @param wrong    gets one line per call that did not end as it must
     * @param produced gets every answer's body, for a secrets check
     * @return how many calls ended how ("4xx", "2xx", "414 from the HTTP layer", …)
     */
    public static Map<String, Integer> run(List<HostileRequests.Call> calls, List<String> wrong, StringBuilder produced) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (HostileRequests.Call call : calls) {
            Response response;
            try {
                response = send(call);
            } catch (Exception e) { // RestAssured throws checked exceptions undeclared
                if (e instanceof java.io.IOException && overCodecLimits(call)) {
                    // Vert.x answered 414/431 and closed the connection while the client was still writing
                    outcomes.merge("closed by the HTTP layer", 1, Integer::sum);
                } else {
                    wrong.add(call.name() + ": no answer within 10 s (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                    outcomes.merge("no answer", 1, Integer::sum);
                }
                continue;
            }
            int status = response.statusCode();
            String body = response.asString();
            produced.append(body).append('\n');
            if (HTTP_LAYER.contains(status) && body.isEmpty()) {
                outcomes.merge(status + " from the HTTP layer", 1, Integer::sum);
                continue;
            }
            outcomes.merge(status / 100 + "xx", 1, Integer::sum);
            if (status >= 500) {
                wrong.add(call.name() + ": " + status + " " + shortened(body));
            } else if (status >= 400 && !hasReason(body)) {
                wrong.add(call.name() + ": " + status + " without a JSON reason: " + shortened(body));
            } else if (status < 400 && !call.method().equals("GET") && !call.harmless()) {
                wrong.add(call.name() + ": accepted (" + status + ")");
            }
        }
        return outcomes;
    }

    /** A request line over 4 KiB or a header over 20 KiB: Vert.x refuses it before reading on. */
    private static boolean overCodecLimits(HostileRequests.Call call) {
        return call.path().length() > 4096 || call.token() != null && call.token().length() > 20 * 1024;
    }

    private static Response send(HostileRequests.Call call) {
        RequestSpecification request = given().config(TEN_SECONDS).urlEncodingEnabled(false);
        if (call.token() != null) {
            request.header("Authorization", "Bearer " + call.token());
        }
        if (call.contentType() != null) {
            request.contentType(call.contentType() + "; charset=UTF-8");
        }
        if (call.body() != null) {
            request.body(call.body().getBytes(StandardCharsets.UTF_8));
        }
        return request.request(call.method(), call.path());
    }

    private static boolean hasReason(String body) {
        try {
            String error = new JsonObject(body).getString("error");
            return error != null && !error.isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String shortened(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
