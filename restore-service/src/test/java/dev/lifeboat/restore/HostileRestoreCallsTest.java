package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.CapturedLog;
import dev.lifeboat.backup.hostile.HostileCallRunner;
import dev.lifeboat.backup.hostile.HostileRequests;
import dev.lifeboat.backup.hostile.HostileRequests.Call;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input suite against the restore API ({@link HostileCallRunner}'s rules): hostile texts as the
 * database id, a table, a new database's name, a backup id, a point in time, a restore id and a filter; broken
 * bodies, bad paging, refused tokens. No 5xx, no hang, no restore started; then a normal restore completes, and
 * the password the service restores with appears in no answer and no log record.
 */
@QuarkusTest
class HostileRestoreCallsTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void everyHostileRestoreCallIsRefusedWithAReasonAndANormalRestoreStillCompletes() {
        Flows flows = new Flows(servers);
        flows.backup("shop");
        String canary = servers.postgres().orElseThrow().superuserPassword();
        List<String> wrong = new ArrayList<>();
        StringBuilder produced = new StringBuilder();
        try (CapturedLog log = CapturedLog.start()) {
            Map<String, Integer> outcomes = HostileCallRunner.run(calls(), wrong, produced);
            String restoreId = flows.restore("""
                    {"databaseId":"shop","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_after_hostile"}}""");
            RestoreCompleted completed = flows.completed(restoreId, Duration.ofMinutes(3));
            produced.append(completed);

            System.out.printf("hostile restore calls: %d %s, %d wrong%n", outcomes.values().stream().mapToInt(Integer::intValue).sum(),
                    outcomes, wrong.size());
            assertThat(wrong).as("calls that did not end in a refusal with a reason").isEmpty();
            assertThat(produced.toString()).doesNotContain(canary);
            assertThat(log.text()).isNotEmpty().doesNotContain(canary);
        }
    }

    private static List<Call> calls() {
        String admin = LocalTokens.forTest("admin");
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < HostileRequests.TEXTS.size(); i++) {
            String text = HostileRequests.TEXTS.get(i);
            String json = HostileRequests.json(text);
            String path = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
            String n = " #" + i;
            calls.add(post("databaseId" + n, "{\"databaseId\":" + json + "," + LATEST + ",\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"}}", admin));
            calls.add(post("table" + n, "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"TABLES\",\"tables\":[" + json + "]}}", admin));
            calls.add(post("new database name" + n, "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":" + json + "}}", admin));
            calls.add(post("backup id" + n, "{\"databaseId\":\"shop\",\"source\":{\"kind\":\"BACKUP_ID\",\"backupId\":" + json
                    + "},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"}}", admin));
            calls.add(post("point in time" + n, "{\"databaseId\":\"shop\",\"source\":{\"kind\":\"POINT_IN_TIME\",\"pointInTime\":" + json
                    + "},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"}}", admin));
            calls.add(new Call("restore id in the path" + n, "GET", "/api/restores/" + path, admin, null, null));
            calls.add(new Call("database id in a filter" + n, "GET", "/api/restores?databaseId=" + path, admin, null, null));
            calls.add(new Call("status in a filter" + n, "GET", "/api/restores?status=" + path, admin, null, null));
        }
        for (String paging : List.of("page=-1", "size=0", "size=100000", "page=abc", "size=99999999999999999999")) {
            calls.add(new Call("paging " + paging, "GET", "/api/restores?" + paging, admin, null, null));
        }
        for (String body : List.of("not json", "[]", "{}", "", "null", "{\"databaseId\":\"shop\"}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"IN_PLACE\"}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"IN_PLACE\",\"confirmed\":\"yes\"}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"EVERYWHERE\"}}",
                "{\"databaseId\":\"shop\",\"source\":{\"kind\":\"SOMETIME\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"}}",
                "{\"databaseId\":\"shop\",\"source\":{\"kind\":\"BACKUP_ID\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"TABLES\",\"tables\":[]}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"TABLES\",\"tables\":" + manyTables() + "}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"shop\"}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"postgres\"}}",
                "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"},\"safetyBackup\":\"no\"}")) {
            calls.add(post("body " + (body.length() > 60 ? body.substring(0, 60) + "…" : body), body, admin));
        }
        String request = "{\"databaseId\":\"shop\"," + LATEST + ",\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"x_copy\"}}";
        HostileRequests.tokens().forEach((name, token) -> calls.add(post("token: " + name, request, token)));
        calls.add(post("no token", request, null));
        calls.add(post("an operator asking for a restore", request, LocalTokens.forTest("operator")));
        calls.add(new Call("text/plain body", "POST", "/api/restores", admin, "text/plain", request));
        calls.add(new Call("a method the path does not have", "DELETE", "/api/restores", admin, null, null));
        return calls;
    }

    private static final String LATEST = "\"source\":{\"kind\":\"LATEST\"}";

    private static Call post(String name, String body, String token) {
        return new Call(name, "POST", "/api/restores", token, "application/json", body);
    }

    private static String manyTables() {
        StringBuilder tables = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            tables.append(i == 0 ? "" : ",").append("\"public.t").append(i).append('"');
        }
        return tables.append(']').toString();
    }
}
