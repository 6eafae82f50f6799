package dev.lifeboat.backup;

import dev.lifeboat.backup.fixtures.CapturedLog;
import dev.lifeboat.backup.fixtures.EchoingPostgres;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that repeats the password it was sent in its error (as a hostile or badly written proxy may) gets
 * it into no answer, event, record or log line: every JDBC error path masks the password in use.
 */
@QuarkusTest
class EchoedPasswordTest {

    @InjectRealServers
    RealServers servers;

    @Test
    void aServerThatEchoesThePasswordGetsItIntoNoAnswerEventRecordOrLogLine() throws Exception {
        String canary = "canary-" + UUID.randomUUID();
        try (CapturedLog logged = CapturedLog.start(); EchoingPostgres echoing = EchoingPostgres.start()) {
            ProtectedDatabases.register("echoing-db", "127.0.0.1", echoing.port(), "shop", ProtectedDatabases.passwordRef("echoing", canary), "");

            String tested = given().auth().oauth2(LocalTokens.forTest("operator")).when().post("/api/databases/echoing-db/test-connection")
                    .then().statusCode(422).extract().asString();
            String requestId = "echoing-" + UUID.randomUUID();
            BackupEvents events = new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
            events.request(requestId, "echoing-db");
            CloudEvent<BackupFailed> failed = events.await(BackupFailed.class, requestId, Duration.ofSeconds(60));
            String request = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/backups/requests/" + requestId).asString();
            String database = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/echoing-db").asString();

            assertThat(echoing.passwordsReceived()).as("the server was sent the password").contains(canary);
            assertThat(failed.data().errorCode()).isEqualTo("AUTHENTICATION_FAILED");
            assertThat(tested).contains("AUTHENTICATION_FAILED").contains("the server received the password").contains("***");
            assertThat(failed.data().message()).contains("***").doesNotContain(canary);
            assertThat(tested).doesNotContain(canary);
            assertThat(request).doesNotContain(canary);
            assertThat(database).doesNotContain(canary);
            assertThat(logged.text()).contains("echoing-db").doesNotContain(canary);
        }
    }
}
