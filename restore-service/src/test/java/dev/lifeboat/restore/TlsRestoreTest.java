package dev.lifeboat.restore;

import dev.lifeboat.backup.fixtures.ShopDatabase;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.ValidationResult;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.postgres.ServerCertificates;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Issue 50 part 4, the restore's side: a registration's TLS is what the restore service's JDBC sessions and its real
 * {@code pg_restore} connect with. The server here is a PostgreSQL 15 with a certificate its own CA signed for
 * {@code localhost} only, and it refuses every connection without TLS ({@code hostnossl ... reject}), so a restore that
 * completes connected over TLS throughout; registered under another name, {@code verify-full} refuses the server and the
 * restore is refused saying why, with nothing made.
 */
@QuarkusTest
class TlsRestoreTest {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String ID = "tls-shop";

    @InjectRealServers
    RealServers servers;

    private static PostgresServer tlsServer;

    @BeforeAll
    static void startAServerWithItsOwnCaThatRefusesPlainConnections() throws Exception {
        ServerCertificates certificates = ServerCertificates.issue(Path.of("target/tls-restore").toAbsolutePath(), "localhost");
        tlsServer = PostgresServer.start(certificates.serverSettings());
        ShopDatabase owner = ShopDatabase.owner(tlsServer);
        owner.createShop("shop");
        try (Connection connection = tlsServer.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet hba = statement.executeQuery("SHOW hba_file")) {
            hba.next();
            Files.writeString(Path.of(hba.getString(1)), String.join("\n", "local all all trust",
                    "hostssl all all 127.0.0.1/32 scram-sha-256", "hostnossl all all 0.0.0.0/0 reject", ""));
            statement.execute("SELECT pg_reload_conf()");
        }
        String ca = "file:" + RestoreTestStack.databaseSecret("tls-restore-ca.pem", Files.readString(certificates.caCertificate()));
        String ownerRef = "file:" + RestoreTestStack.databaseSecret("tls-restore-owner", owner.ownerPassword());
        String superuserRef = "file:" + RestoreTestStack.databaseSecret("tls-restore-superuser", tlsServer.superuserPassword());
        RestoreTestStack.backupService().register(ID, "{\"id\":\"" + ID + "\",\"host\":\"localhost\",\"port\":" + tlsServer.port()
                + ",\"database\":\"shop\",\"username\":\"" + ShopDatabase.OWNER + "\",\"credentialRef\":\"" + ownerRef
                + "\",\"schedule\":\"0 0 1 1 *\",\"tls\":{\"sslmode\":\"verify-full\",\"caRef\":\"" + ca + "\"},\"restore\":{\"username\":\""
                + tlsServer.superuser() + "\",\"credentialRef\":\"" + superuserRef + "\"}}");
        RestoreTestStack.backupService().allowRestoresWithoutSafetyBackup(ID);
    }

    @AfterAll
    static void stop() {
        if (tlsServer != null) {
            tlsServer.close();
        }
    }

    @Test
    void aDatabaseRegisteredWithVerifyFullIsRestoredOverTlsAndUnderAnotherNameItIsRefusedSayingWhy() throws Exception {
        Flows flows = new Flows(servers);
        awaitHost("localhost");
        BackupCompleted backup = flows.backup(ID);

        RestoreCompleted completed = flows.completed(flows.restore("""
                {"databaseId":"%s","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_tls_copy"}}"""
                .formatted(ID, backup.backupId())), WAIT);

        assertThat(completed.validations()).allMatch(ValidationResult::passed);
        assertThat(TestDatabases.pgDump(tlsServer, "shop_tls_copy", true)).isEqualTo(TestDatabases.pgDump(tlsServer, "shop", true));
        assertThat(TestDatabases.contentChecksums(tlsServer, "shop_tls_copy")).isEqualTo(TestDatabases.contentChecksums(tlsServer, "shop"));

        RestoreTestStack.backupService().change(ID, "{\"host\":\"127.0.0.1\"}");
        awaitHost("127.0.0.1");
        // the request is refused at once: the restore service checks its target before it accepts one
        given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body("""
                {"databaseId":"%s","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"NEW_DATABASE","databaseName":"shop_tls_wrong"}}"""
                .formatted(ID, backup.backupId())).when().post("/api/restores").then().statusCode(400)
                .body("code", equalTo("CONNECTION_FAILED"))
                .body("error", allOf(containsString("The hostname 127.0.0.1 could not be verified"), not(containsString(tlsServer.superuserPassword()))));
        assertThat(TestDatabases.databasesLike(tlsServer, "shop_tls_wrong%")).isEmpty();
    }

    /** Until this service knows the registration with its server named {@code host}. */
    private static void awaitHost(String host) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> given().auth()
                .oauth2(LocalTokens.forTest("viewer")).when().get("/api/restore-targets").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.databaseId == '" + ID + "' }.host").contains(host));
    }
}
