package dev.lifeboat.backup;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.postgres.ServerCertificates;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registration's TLS, end to end: a real PostgreSQL 15 with a certificate its own CA signed for {@code localhost} only,
 * registered through the API with {@code verify-full}: the connection test, the snapshot's JDBC session and the real
 * {@code pg_dump} all connect over TLS under the right name and are refused under another.
 */
@QuarkusTest
class TlsBackupTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @InjectRealServers
    RealServers servers;

    private static ServerCertificates certificates;
    private static PostgresServer tlsServer;
    private static ShopDatabase owner;
    private static String caRef;

    @BeforeAll
    static void startAServerWithItsOwnCa() throws IOException {
        certificates = ServerCertificates.issue(Path.of("target/tls-backup").toAbsolutePath(), "localhost");
        tlsServer = PostgresServer.start(certificates.serverSettings());
        owner = ShopDatabase.owner(tlsServer);
        owner.createTiny("tiny");
        Path ca = Files.createDirectories(ProtectedDatabases.SECRETS).resolve("tls-ca.pem");
        Files.copy(certificates.caCertificate(), ca, StandardCopyOption.REPLACE_EXISTING);
        caRef = "file:" + ca.toAbsolutePath();
    }

    @AfterAll
    static void stop() {
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    @Test
    void aDatabaseRegisteredWithVerifyFullIsBackedUpOverTlsUnderTheNameItsCertificateGives() throws Exception {
        register("tls-right", "localhost", tls("verify-full", caRef)).then().statusCode(201);

        testConnection("tls-right").then().statusCode(200);
        BackupCompleted backup = events().await(BackupCompleted.class, backUp("tls-right"), TIMEOUT).data();
        assertThat(backup.tableRowCounts()).isEqualTo(ShopDatabase.rowCounts(tlsServer, "tiny")).isNotEmpty();
        JsonPath shown = given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/databases/tls-right")
                .then().statusCode(200).extract().jsonPath();
        assertThat(shown.getString("tls.sslmode")).isEqualTo("verify-full");
        assertThat(shown.getString("tls.caRef")).isEqualTo(caRef);
    }

    @Test
    void underAnotherNameThanItsCertificatesVerifyFullRefusesTheServerAndTheBackupFailsSayingWhy() throws Exception {
        register("tls-wrong-name", "127.0.0.1", tls("verify-full", caRef)).then().statusCode(201);

        Response tested = testConnection("tls-wrong-name");
        assertThat(tested.statusCode()).isEqualTo(422);
        assertThat(tested.jsonPath().getString("error")).contains("CONNECTION_FAILED", "The hostname 127.0.0.1 could not be verified");
        BackupFailed failed = events().await(BackupFailed.class, backUp("tls-wrong-name"), TIMEOUT).data();
        assertThat(failed.errorCode()).isEqualTo("CONNECTION_FAILED");
        assertThat(failed.message()).contains("The hostname 127.0.0.1 could not be verified").doesNotContain(owner.ownerPassword());
    }

    @Test
    void requireRefusesAServerThatOffersNoTls() {
        PostgresServer plain = servers.postgres().orElseThrow();
        ProtectedDatabases.create(plain);
        String body = registration("tls-plain-server", plain.host(), plain.port(), ProtectedDatabases.ownerPasswordRef(), tls("require", null));
        post(body).then().statusCode(201);

        Response tested = testConnection("tls-plain-server");
        assertThat(tested.statusCode()).isEqualTo(422);
        assertThat(tested.jsonPath().getString("error")).contains("SSL");
    }

    @Test
    void aCaReferenceMayNameOnlyWhatIsProvisionedForDatabasesAndMustHoldACertificate() {
        Response refused = register("tls-stolen", "localhost", tls("verify-full", "env:LIFEBOAT_STORAGE_SECRET_ACCESS_KEY"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).startsWith("tls.caRef must name a secret provisioned for databases")
                .doesNotContain("LIFEBOAT_STORAGE_SECRET_ACCESS_KEY");
        Response unverified = register("tls-no-ca", "localhost", tls("verify-ca", null));
        assertThat(unverified.statusCode()).isEqualTo(400);
        assertThat(unverified.jsonPath().getString("error")).contains("tls.caRef must name the certificate authority's certificate");

        String passwordFile = ProtectedDatabases.passwordRef("tls-not-a-ca", owner.ownerPassword());
        register("tls-password-as-ca", "localhost", tls("verify-full", passwordFile)).then().statusCode(201);
        Response tested = testConnection("tls-password-as-ca");
        assertThat(tested.statusCode()).isEqualTo(422);
        assertThat(tested.body().asString()).contains("tls.caRef names no PEM certificate").doesNotContain(owner.ownerPassword());
    }

    /** @return the request's id */
    private static String backUp(String databaseId) {
        return given().auth().oauth2(LocalTokens.forTest("operator")).contentType("application/json")
                .body("{\"databaseId\":\"" + databaseId + "\"}").when().post("/api/backups").then().statusCode(202).extract().path("requestId");
    }

    private BackupEvents events() {
        return new BackupEvents(new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers()));
    }

    private static String tls(String sslmode, String ref) {
        return ",\"tls\":{\"sslmode\":\"" + sslmode + "\"" + (ref == null ? "" : ",\"caRef\":\"" + ref + "\"") + "}";
    }

    private static Response register(String id, String host, String tls) {
        return post(registration(id, host, tlsServer.port(), ProtectedDatabases.passwordRef("tls-owner", owner.ownerPassword()), tls));
    }

    private static String registration(String id, String host, int port, String credentialRef, String tls) {
        return "{\"id\":\"" + id + "\",\"host\":\"" + host + "\",\"port\":" + port + ",\"database\":\"tiny\",\"username\":\""
                + ShopDatabase.OWNER + "\",\"credentialRef\":\"" + credentialRef + "\"" + tls + "}";
    }

    private static Response post(String body) {
        return given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body)
                .when().post("/api/databases");
    }

    private static Response testConnection(String id) {
        return given().auth().oauth2(LocalTokens.forTest("admin")).when().post("/api/databases/" + id + "/test-connection");
    }
}
