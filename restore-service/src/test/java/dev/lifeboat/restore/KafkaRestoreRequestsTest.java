package dev.lifeboat.restore;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.restore.api.RestoreResource;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.requests.RequestRoles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A restore asked for on Kafka meets the API's rules: only an admin's token asks for one, who asked is the token's user,
 * and a restore into the live database without a safety backup is refused unless the database's registration allows it,
 * on both doors. Nothing of the live database changes when a request is refused.
 */
@QuarkusTest
class KafkaRestoreRequestsTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    private PostgresServer postgres;
    private KafkaProbe kafka;
    private Flows flows;

    @BeforeEach
    void connect() {
        postgres = servers.postgres().orElseThrow();
        kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        flows = new Flows(servers);
    }

    @Test
    void anOperatorsTokenCannotAskForARestoreOnKafkaAsItCannotOnTheApi() throws Exception {
        String before = TestDatabases.pgDump(postgres, "shop_nosafety", false);
        String restoreId = UUID.randomUUID().toString();
        String token = LocalTokens.forTest(Roles.OPERATOR);
        send(inPlace(restoreId, "admin-user", true), token);

        ConsumerRecord<String, byte[]> dead = kafka.awaitDeadLetter(restoreId);
        assertThat(KafkaProbe.header(dead, "dead-letter-reason")).isEqualTo("dev.lifeboat.restore.requested.v1 needs the role admin, as on the API; "
                + "operator-user has operator");
        assertThat(KafkaProbe.header(dead, Request.TOKEN_HEADER)).isNull();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(404);
        assertThat(TestDatabases.pgDump(postgres, "shop_nosafety", false)).isEqualTo(before);
    }

    @Test
    void anInPlaceRestoreWithoutASafetyBackupIsRefusedOnTheApiUnlessTheRegistrationAllowsIt() throws Exception {
        flows.backup(RestoreTestStack.NO_SAFETY);
        String before = TestDatabases.pgDump(postgres, "shop_nosafety", false);

        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                        {"databaseId":"nosafety","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""")
                .when().post("/api/restores").then().statusCode(422)
                .body("code", equalTo("SAFETY_BACKUP_REQUIRED"))
                .body("error", equalTo("a restore into the live database of nosafety takes a safety backup first: ask with "
                        + "safetyBackup true, or allow restores without one in its registration (restoreWithoutSafetyBackup)"));
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                        {"databaseId":"nosafety","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""")
                .when().post("/api/restores").then().statusCode(422).body("code", equalTo("SAFETY_BACKUP_REQUIRED"));
        assertThat(TestDatabases.pgDump(postgres, "shop_nosafety", false)).isEqualTo(before);
    }

    @Test
    void anAdminsInPlaceRestoreWithoutASafetyBackupOnKafkaFailsBeforeTheLiveDatabaseIsTouchedUnderTheTokensUser() throws Exception {
        flows.backup(RestoreTestStack.NO_SAFETY);
        String before = TestDatabases.pgDump(postgres, "shop_nosafety", false);
        String restoreId = UUID.randomUUID().toString();
        send(inPlace(restoreId, "someone-else", false), LocalTokens.mint(LocalTokens.testKeys(), "erin", Roles.ADMIN, Duration.ofHours(1)));

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.errorCode()).isEqualTo("SAFETY_BACKUP_REQUIRED");
        assertThat(failed.step()).isEqualTo("RESOLVE_SOURCE");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("requestedBy", equalTo("erin"));
        assertThat(TestDatabases.pgDump(postgres, "shop_nosafety", false)).isEqualTo(before);
        assertThat(TestDatabases.databasesLike(postgres, "shop_nosafety_%")).isEmpty();
    }

    @Test
    void theRolesARestoreNeedsOnKafkaAreTheRolesItsApiCallNeeds() {
        var post = Arrays.stream(RestoreResource.class.getMethods()).filter(m -> m.isAnnotationPresent(POST.class)).findFirst().orElseThrow();
        assertThat(Set.of(post.getAnnotation(RolesAllowed.class).value())).isEqualTo(RequestRoles.of(RestoreRequested.class));
    }

    private static CloudEvent<RestoreRequested> inPlace(String restoreId, String requestedBy, boolean safetyBackup) {
        return CloudEvent.of("/elsewhere", restoreId, new RestoreRequested(restoreId, RestoreTestStack.NO_SAFETY,
                new RestoreSource(RestoreSource.Kind.LATEST, null, null, null, null), new RestoreTarget(RestoreTarget.Kind.IN_PLACE, null, List.of(), null, true),
                safetyBackup, requestedBy));
    }

    private void send(CloudEvent<RestoreRequested> event, String token) {
        EncodedEvent encoded = new EventCodec().encode(event);
        encoded.headers().add(Request.TOKEN_HEADER, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.RESTORE_REQUESTS, encoded.key(), encoded.headers(), encoded.value());
    }


}
