package dev.lifeboat.backup;

import dev.lifeboat.backup.fixtures.CapturedLog;
import dev.lifeboat.backup.hostile.HostileCallRunner;
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
 * The hostile-input suite: every call of {@link HostileRequests} ends as {@link HostileCallRunner} requires (a 4xx
 * with a JSON reason, never a 5xx or a hang); every record of {@link HostileRecords} is dead-lettered with
 * its reason or ends in a clear failure event, and the consumer goes on; after the batch a normal request
 * completes. Nothing the run produced (answers, dead letters, events, log records) holds the password in use.
 */
@QuarkusTest
class HostileInputTest {

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
            Map<String, Integer> rest = HostileCallRunner.run(HostileRequests.all(), wrong, produced);
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
}
