package dev.lifeboat.backup;

import dev.lifeboat.backup.api.BackupRequestResource;
import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupRequested;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.realservers.tokens.SigningKeys;
import dev.lifeboat.service.api.Roles;
import dev.lifeboat.service.requests.RequestRoles;
import dev.lifeboat.service.requests.ServiceSignature;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code BackupRequested} on Kafka is held to the API's rules: who asked is the user of the token it carries (or a
 * Lifeboat service that signed it), never the body's {@code requestedBy}, and that user needs the role the API asks.
 * Each forged request below is dead-lettered with its reason, recorded nowhere, and its token is not in the dead letter.
 */
@QuarkusTest
class ForgedKafkaRequestsTest {

    @InjectRealServers
    RealServers servers;

    private KafkaProbe kafka;
    private final EventCodec codec = new EventCodec();

    @BeforeEach
    void probe() {
        kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
    }

    @Test
    void anOperatorsRequestIsRecordedUnderTheTokensUserNotTheNameTheBodyGives() throws Exception {
        String requestId = UUID.randomUUID().toString();
        // the header's name in any case, as HTTP writes it
        send(request(requestId, "the-ceo"), Map.of("Authorization", "Bearer " + LocalTokens.mint(LocalTokens.testKeys(), "carol",
                Roles.OPERATOR, Duration.ofHours(1))));

        await().atMost(Duration.ofSeconds(30)).until(() -> requestedBy(requestId) != null);
        assertThat(requestedBy(requestId)).isEqualTo("carol");
    }

    @Test
    void aRequestWithoutATokenIsDeadLetteredAsUnauthenticatedWhateverItsBodyClaims() throws Exception {
        String requestId = UUID.randomUUID().toString();
        send(request(requestId, "admin-user"), Map.of());

        assertThat(deadLetterReason(requestId)).isEqualTo("a dev.lifeboat.backup.requested.v1 on Kafka needs the header "
                + "'authorization: Bearer <token>' with a token the API takes; the body's requestedBy does not say who asked");
        assertThat(requestedBy(requestId)).isNull();
    }

    @Test
    void aViewersTokenIsForbiddenAsItIsOnTheApi() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String token = LocalTokens.forTest(Roles.VIEWER);
        send(request(requestId, "viewer-user"), token(token));

        ConsumerRecord<String, byte[]> dead = kafka.awaitDeadLetter(requestId);
        assertThat(KafkaProbe.header(dead, "dead-letter-reason")).isEqualTo("dev.lifeboat.backup.requested.v1 needs the role admin or operator, "
                + "as on the API; viewer-user has viewer");
        assertThat(KafkaProbe.header(dead, Request.TOKEN_HEADER)).as("no dead letter keeps a credential").isNull();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).doesNotContain(token);
        assertThat(requestedBy(requestId)).isNull();
    }

    @Test
    void aTokenForAnotherAudienceOrFromAnotherIssuersKeyIsRefused(@org.junit.jupiter.api.io.TempDir Path elsewhere) throws Exception {
        String otherAudience = UUID.randomUUID().toString();
        send(request(otherAudience, "x"), token(LocalTokens.mint(LocalTokens.testKeys(), "mallory", Roles.ADMIN, Duration.ofHours(1), "another-app")));
        String otherKey = UUID.randomUUID().toString();
        send(request(otherKey, "x"), token(LocalTokens.mint(SigningKeys.in(elsewhere), "mallory", Roles.ADMIN, Duration.ofHours(1))));

        String refused = "the bearer token was refused: its signature, issuer, audience or validity is not what the API takes";
        assertThat(deadLetterReason(otherAudience)).isEqualTo(refused);
        assertThat(deadLetterReason(otherKey)).isEqualTo(refused);
        assertThat(requestedBy(otherAudience)).isNull();
        assertThat(requestedBy(otherKey)).isNull();
    }

    @Test
    void aTokenThatExpiredWithinTheGraceIsTakenForARequestThatWaitedOneLongerAgoIsNot() throws Exception {
        String waited = UUID.randomUUID().toString();
        send(request(waited, "x"), token(LocalTokens.expired("dave", Roles.OPERATOR, Duration.ofHours(1))));
        String stale = UUID.randomUUID().toString();
        send(request(stale, "x"), token(LocalTokens.expired("dave", Roles.OPERATOR, Duration.ofHours(25))));

        assertThat(deadLetterReason(stale)).isEqualTo("the bearer token expired more than PT24H ago");
        await().atMost(Duration.ofSeconds(30)).until(() -> requestedBy(waited) != null);
        assertThat(requestedBy(waited)).isEqualTo("dave");
        assertThat(requestedBy(stale)).isNull();
    }

    @Test
    void aServiceSignatureVouchesForTheBodyItSignedAndForNoOtherBody() throws Exception {
        ServiceSignature services = ServiceSignature.of(LocalTokens.testKeys().requestSigningKey());
        String signedId = UUID.randomUUID().toString();
        CloudEvent<BackupRequested> signed = request(signedId, "restore of rs-1 by alice");
        EncodedEvent encoded = codec.encode(signed);
        encoded.headers().add(ServiceSignature.HEADER, services.sign(signed, encoded.value()).getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.BACKUP_REQUESTS, encoded.key(), encoded.headers(), encoded.value());

        String alteredId = UUID.randomUUID().toString();
        CloudEvent<BackupRequested> original = request(alteredId, "alice");
        EncodedEvent originalEncoded = codec.encode(original);
        String signature = services.sign(original, originalEncoded.value());
        EncodedEvent altered = codec.encode(new CloudEvent<>(original.id(), original.source(), original.type(), original.subject(),
                original.time(), original.correlationId(), original.data().requestedBy("the-ceo")));
        altered.headers().add(ServiceSignature.HEADER, signature.getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.BACKUP_REQUESTS, altered.key(), altered.headers(), altered.value());

        await().atMost(Duration.ofSeconds(30)).until(() -> requestedBy(signedId) != null);
        assertThat(requestedBy(signedId)).isEqualTo("restore of rs-1 by alice");
        assertThat(deadLetterReason(alteredId)).isEqualTo("the lifeboat-service-signature header does not verify: "
                + "no Lifeboat service of this installation signed this dev.lifeboat.backup.requested.v1");
        assertThat(requestedBy(alteredId)).isNull();
    }

    @Test
    void theRolesARequestNeedsOnKafkaAreTheRolesItsApiCallNeeds() {
        Method post = Arrays.stream(BackupRequestResource.class.getMethods()).filter(m -> m.isAnnotationPresent(POST.class))
                .filter(m -> m.getName().equals("requestBackup")).findFirst().orElseThrow();
        assertThat(Set.of(post.getAnnotation(RolesAllowed.class).value())).isEqualTo(RequestRoles.of(BackupRequested.class));
    }

    private static CloudEvent<BackupRequested> request(String requestId, String requestedBy) {
        return CloudEvent.of("/billing", requestId, new BackupRequested(requestId, "orders-db", BackupTrigger.EXTERNAL, requestedBy, Map.of()));
    }

    private static Map<String, String> token(String token) {
        return Map.of(Request.TOKEN_HEADER, "Bearer " + token);
    }

    private void send(CloudEvent<?> event, Map<String, String> extraHeaders) {
        EncodedEvent encoded = codec.encode(event);
        Headers headers = encoded.headers();
        extraHeaders.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        kafka.send(Topics.BACKUP_REQUESTS, encoded.key(), headers, encoded.value());
    }


    private String deadLetterReason(String requestId) {
        return KafkaProbe.header(kafka.awaitDeadLetter(requestId), "dead-letter-reason");
    }


    private String requestedBy(String requestId) throws Exception {
        try (Connection connection = servers.postgres().orElseThrow().connect("lifeboat");
             PreparedStatement query = connection.prepareStatement("SELECT requested_by FROM backup.backup_request WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }
}
