package dev.lifeboat.backup;

import dev.lifeboat.backup.fixtures.CapturedLog;
import dev.lifeboat.backup.hostile.HostileRecords;
import dev.lifeboat.backup.hostile.HostileRequests;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input suite: every call of {@link HostileRequests} ends in a 4xx with a JSON reason (or, for a
 * read or a text that is harmless as given, a 2xx; or, for what the HTTP codec refuses, a bare 413/414/431),
 * never a 5xx or a hang; every record of {@link HostileRecords} is dead-lettered with
 * its reason or ends in a clear failure event, and the consumer goes on; after the batch a normal request
 * completes. Nothing the run produced (answers, dead letters, events, log records) holds the password in use.
 */
@QuarkusTest
class HostileInputTest {

    private static final RestAssuredConfig TEN_SECONDS = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 5_000)
            // a body the server refuses by its declared length is answered before it is sent
            .setParam("http.protocol.expect-continue", true));

    /**
     * Refused by Vert.x's HTTP codec before any Lifeboat code runs, with no body: a request line over 4 KiB (414),
     * headers over 20 KiB (431), a body over Quarkus' 10 MiB limit (413).
     */
    private static final java.util.Set<Integer> HTTP_LAYER = java.util.Set.of(413, 414, 431);

    @InjectRealServers
    RealServers servers;

    @Test
    void everyHostileCallAndRecordIsRefusedWithAReasonAndANormalRequestStillCompletes() {
        ProtectedDatabases.create(servers.postgres().orElseThrow());
        ProtectedDatabases.registerOnTestServer(servers.postgres().orElseThrow(), "hostile-shop", "shop", "");
        String canary = ProtectedDatabases.ownerPassword();
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        List<String> wrong = new ArrayList<>();
        StringBuilder produced = new StringBuilder();
        try (CapturedLog log = CapturedLog.start()) {
            Map<String, Integer> rest = restCalls(wrong, produced);
            Map<String, Integer> records = kafkaRecords(kafka, wrong, produced);

            String requestId = given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                    .body("{\"databaseId\":\"hostile-shop\"}").when().post("/api/backups").then().statusCode(202).extract().path("requestId");
            BackupCompleted completed = new BackupEvents(kafka).await(BackupCompleted.class, requestId, Duration.ofSeconds(120)).data();
            produced.append(completed);

            System.out.printf("hostile suite: %d REST calls %s, %d Kafka records %s, %d wrong%n",
                    rest.values().stream().mapToInt(Integer::intValue).sum(), rest,
                    records.values().stream().mapToInt(Integer::intValue).sum(), records, wrong.size());
            assertThat(wrong).as("cases that did not end in a refusal with a reason").isEmpty();
            assertThat(produced.toString()).as("answers, dead letters and events").doesNotContain(canary);
            assertThat(log.text()).as("log records").contains("hostile-shop").doesNotContain(canary);
        }
    }

    private Map<String, Integer> restCalls(List<String> wrong, StringBuilder produced) {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (HostileRequests.Call call : HostileRequests.all()) {
            Response response;
            try {
                response = send(call);
            } catch (Exception e) { // RestAssured throws checked exceptions undeclared
                wrong.add(call.name() + ": no answer within 10 s (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                outcomes.merge("no answer", 1, Integer::sum);
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

    private Map<String, Integer> kafkaRecords(KafkaProbe kafka, List<String> wrong, StringBuilder produced) {
        List<HostileRecords.Message> messages = HostileRecords.all();
        messages.forEach(message -> kafka.send(Topics.BACKUP_REQUESTS, message.key(), message.headers(), message.value()));
        BackupEvents events = new BackupEvents(kafka);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (HostileRecords.Message message : messages) {
            if (message.expectsFailureEvent()) {
                BackupFailed failed = events.await(BackupFailed.class, message.marker(), Duration.ofSeconds(60)).data();
                produced.append(failed).append('\n');
                outcomes.merge("failure event " + failed.errorCode(), 1, Integer::sum);
                continue;
            }
            Optional<ConsumerRecord<String, byte[]>> dead = kafka.awaitRecord(Topics.DEAD_LETTER, record -> marks(record, message.marker()),
                    Duration.ofSeconds(30));
            if (dead.isEmpty()) {
                wrong.add("record '" + message.name() + "': no dead letter within 30 s");
                outcomes.merge("not dead-lettered", 1, Integer::sum);
                continue;
            }
            String reason = header(dead.get(), "dead-letter-reason");
            produced.append(reason).append('\n');
            if (reason == null || reason.isBlank()) {
                wrong.add("record '" + message.name() + "': dead-lettered without a reason");
            }
            outcomes.merge("dead letter", 1, Integer::sum);
        }
        return outcomes;
    }

    private static boolean marks(ConsumerRecord<String, byte[]> record, String marker) {
        return marker.equals(record.key()) || marker.equals(header(record, "ce_correlationid"))
                || record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(marker);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
