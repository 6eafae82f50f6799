package dev.lifeboat.verifier;

import dev.lifeboat.backup.fixtures.CapturedLog;
import dev.lifeboat.backup.hostile.HostileCallRunner;
import dev.lifeboat.backup.hostile.HostileRequests;
import dev.lifeboat.backup.hostile.HostileRequests.Call;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input suite against the verifier's API ({@link HostileCallRunner}'s rules): hostile texts as the
 * database id of a restore-test request, as a test id and in every filter; broken bodies, bad paging, refused
 * tokens and roles. No 5xx, no hang, no restore test started; the API still answers, and the scratch server's
 * password appears in no answer and no log record.
 */
@QuarkusTest
class HostileVerifierCallsTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void everyHostileVerifierCallIsRefusedWithAReasonAndTheApiStillAnswers() {
        String canary = servers.postgres().orElseThrow().superuserPassword();
        List<String> wrong = new ArrayList<>();
        StringBuilder produced = new StringBuilder();
        try (CapturedLog log = CapturedLog.start()) {
            Map<String, Integer> outcomes = HostileCallRunner.run(calls(), wrong, produced);
            produced.append(given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/verifications")
                    .then().statusCode(200).extract().asString());

            System.out.printf("hostile verifier calls: %d %s, %d wrong%n", outcomes.values().stream().mapToInt(Integer::intValue).sum(),
                    outcomes, wrong.size());
            assertThat(wrong).as("calls that did not end in a refusal with a reason").isEmpty();
            assertThat(produced.toString()).doesNotContain(canary);
            assertThat(log.text()).doesNotContain(canary);
        }
    }

    private static List<Call> calls() {
        String operator = LocalTokens.forTest("operator");
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < HostileRequests.TEXTS.size(); i++) {
            String text = HostileRequests.TEXTS.get(i);
            String path = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            String n = " #" + i;
            calls.add(new Call("restore test of a database id" + n, "POST", "/api/restore-tests", operator, "application/json",
                    "{\"databaseId\":" + HostileRequests.json(text) + "}"));
            calls.add(new Call("test id in the path" + n, "GET", "/api/restore-tests/" + path, operator, null, null));
            calls.add(new Call("report of a test id" + n, "GET", "/api/restore-tests/" + path + "/report", operator, null, null));
            calls.add(new Call("database id in a test filter" + n, "GET", "/api/restore-tests?databaseId=" + path, operator, null, null));
            calls.add(new Call("database id in a verification filter" + n, "GET", "/api/verifications?databaseId=" + path, operator, null, null));
            calls.add(new Call("status in a verification filter" + n, "GET", "/api/verifications?status=" + path, operator, null, null));
        }
        for (String paging : List.of("/api/verifications?size=0", "/api/verifications?page=-1", "/api/verifications?size=abc",
                "/api/verifications?size=99999999999", "/api/restore-tests?page=-1", "/api/restore-tests?size=0",
                "/api/restore-tests?size=100000", "/api/restore-tests?page=abc")) {
            calls.add(new Call("paging " + paging, "GET", paging, operator, null, null));
        }
        for (String body : List.of("not json", "[]", "{}", "", "null", "{\"databaseId\":null}", "{\"databaseId\":\"shop\",\"extra\":1}",
                "{\"databaseId\":[\"shop\"]}", "[".repeat(100_000))) {
            calls.add(new Call("body " + (body.length() > 40 ? body.substring(0, 40) + "…" : body), "POST", "/api/restore-tests",
                    operator, "application/json", body));
        }
        String request = "{\"databaseId\":\"no-such-db\"}";
        HostileRequests.tokens().forEach((name, token) ->
                calls.add(new Call("token: " + name, "POST", "/api/restore-tests", token, "application/json", request)));
        calls.add(new Call("no token", "POST", "/api/restore-tests", null, "application/json", request));
        calls.add(new Call("a viewer asking for a restore test", "POST", "/api/restore-tests", LocalTokens.forTest("viewer"), "application/json", request));
        calls.add(new Call("a viewer asking for a scrub", "POST", "/api/verifications/scrub", LocalTokens.forTest("viewer"), null, null));
        calls.add(new Call("text/plain body", "POST", "/api/restore-tests", operator, "text/plain", request));
        calls.add(new Call("a method the path does not have", "DELETE", "/api/verifications", operator, null, null));
        return calls;
    }
}
