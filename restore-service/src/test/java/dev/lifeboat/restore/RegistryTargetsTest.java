package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.BackupServiceUnderTest;
import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.registry.DatabaseRegistration;
import dev.lifeboat.events.registry.DatabaseUpdated;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * One registry for every service: a database registered through the backup service's API while this service runs is
 * a restore target within seconds, with no configuration here; a change follows it, and a removal ends it.
 */
@QuarkusTest
class RegistryTargetsTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @InjectRealServers
    RealServers servers;

    @Test
    void aDatabaseRegisteredThroughTheApiOnlyIsRestoredAndItsRemovalEndsIt() throws Exception {
        Flows flows = new Flows(servers);
        PostgresServer postgres = servers.postgres().orElseThrow();
        BackupServiceUnderTest backups = RestoreTestStack.backupService();
        registerCopyOfShop("late", "shop_late");

        flows.backup("late");
        String restoreId = flows.restore("""
                {"databaseId":"late","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_late_copy"}}""");
        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.targetDatabase()).isEqualTo("shop_late_copy");
        assertThat(TestDatabases.count(postgres, "shop_late_copy", "SELECT count(*) FROM orders"))
                .isEqualTo(TestDatabases.count(postgres, "shop_late", "SELECT count(*) FROM orders"));

        given().baseUri(backups.url()).auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/late")
                .then().statusCode(204);
        awaitTarget("late", false);
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json")
                .body("{\"databaseId\":\"late\",\"source\":{\"kind\":\"LATEST\"},\"target\":{\"kind\":\"NEW_DATABASE\",\"databaseName\":\"shop_late_2\"}}")
                .when().post("/api/restores").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_DATABASE")).body("error", containsString("'late' is not registered"));
    }

    /**
     * A registration that reaches this service naming a secret not provisioned for databases (forged on Kafka, or made
     * before the rule) is refused when its password is read: here the restore role's password "is" the stack's own archive
     * key. The restore request is refused (400) naming the rule; the key's text is in no answer and no database is made.
     */
    @Test
    void aRegistryReferenceToTheServicesOwnSecretFailsTheRestoreBeforeAnythingIsSent() throws Exception {
        Flows flows = new Flows(servers);
        PostgresServer postgres = servers.postgres().orElseThrow();
        BackupServiceUnderTest backups = RestoreTestStack.backupService();
        String owner = registerCopyOfShop("forged", "shop_forged");
        flows.backup("forged");
        Path archiveKey = Path.of("target", "restore-test-stack", "archive.key").toAbsolutePath();
        DatabaseRegistration forged = new DatabaseRegistration(postgres.host(), postgres.port(), "shop_forged", ShopDatabase.OWNER, owner,
                new DatabaseRegistration.RestoreRole("forged_role", "file:" + archiveKey), "0 0 1 1 *", 86_400, Map.of(), "API", null, null, null, null, null);
        new TopicEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()), Topics.DATABASES)
                .publish(CloudEvent.of("/forger", "forged-1", new DatabaseUpdated("forged", forged, "forger")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(LocalTokens.forTest("viewer"))
                .when().get("/api/restore-targets").then().statusCode(200)
                .body("items.find { it.databaseId == 'forged' }.username", equalTo("forged_role")));

        String answer = given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"forged","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_forged_copy"}}""")
                .when().post("/api/restores").then().statusCode(400).body("code", equalTo("CREDENTIAL_UNAVAILABLE"))
                .body("error", containsString("must name a secret provisioned for databases")).extract().asString();

        assertThat(answer).doesNotContain(Files.readString(archiveKey).trim());
        assertThat(TestDatabases.databasesLike(postgres, "shop_forged_copy%")).isEmpty();
        given().baseUri(backups.url()).auth().oauth2(LocalTokens.forTest("admin")).when().delete("/api/databases/forged")
                .then().statusCode(204);
    }

    /**
     * A new copy of the shop registered through the backup service's API only, backed up as the owner and restored as the
     * superuser (both passwords where registrations may name them), once this service knows it; @return the owner's reference
     */
    private String registerCopyOfShop(String id, String database) {
        PostgresServer postgres = servers.postgres().orElseThrow();
        RestoreTestStack.shop().createShop(database);
        String owner = "file:" + RestoreTestStack.databaseSecret(id + "-owner", RestoreTestStack.shop().ownerPassword());
        RestoreTestStack.backupService().register(id, postgres, database, ShopDatabase.OWNER, owner, Map.of(),
                postgres.superuser(), "file:" + RestoreTestStack.databaseSecret(id + "-superuser", postgres.superuserPassword()));
        awaitTarget(id, true);
        return owner;
    }

    private static void awaitTarget(String databaseId, boolean present) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<String> ids = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-targets")
                    .then().statusCode(200).extract().jsonPath().getList("items.databaseId");
            assertThat(ids.contains(databaseId)).as(databaseId + " is a restore target").isEqualTo(present);
        });
    }
}
