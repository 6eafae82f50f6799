package dev.lifeboat.postgres.connect;

import dev.lifeboat.postgres.connect.PgTls.Mode;
import dev.lifeboat.postgres.process.ChildProcesses;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.postgres.ServerCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real PostgreSQL 15 with a certificate its own CA signed for {@code localhost} only: what each sslmode accepts and
 * refuses, over JDBC, a replication connection and a real libpq child (the environment {@code pg_dump} and
 * {@code pg_restore} run in).
 */
class TlsConnectionsTest {

    private static final String IS_TLS = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    private static ServerCertificates certificates;
    private static PostgresServer server;

    @BeforeAll
    static void startAServerWithItsOwnCa() {
        certificates = ServerCertificates.issue(Path.of("target/tls-connections").toAbsolutePath(), "localhost");
        server = PostgresServer.start(certificates.serverSettings());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void verifyFullAcceptsTheServerUnderTheNameItsCertificateGivesAndRefusesAnyOther() throws Exception {
        PgTls verifyFull = new PgTls(Mode.VERIFY_FULL, certificates.caCertificate());

        try (Connection connection = as("localhost", verifyFull).open("postgres", "tls test")) {
            assertThat(isTls(connection)).isTrue();
        }
        assertThatThrownBy(() -> as("127.0.0.1", verifyFull).open("postgres", "tls test"))
                .isInstanceOf(SQLException.class).hasMessageContaining("The hostname 127.0.0.1 could not be verified");
    }

    @Test
    void verifyCaRefusesACertificateAnotherCaSignedAndAcceptsItsOwnUnderAnyName() throws Exception {
        assertThatThrownBy(() -> as("localhost", new PgTls(Mode.VERIFY_CA, certificates.otherCaCertificate())).open("postgres", "tls test"))
                .isInstanceOf(SQLException.class).hasMessageContaining("SSL");
        try (Connection connection = as("127.0.0.1", new PgTls(Mode.VERIFY_CA, certificates.caCertificate())).open("postgres", "tls test")) {
            assertThat(isTls(connection)).isTrue();
        }
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificateAndTheCaptureConnectsAlike() throws Exception {
        try (Connection connection = as("127.0.0.1", new PgTls(Mode.REQUIRE, null)).open("postgres", "tls test")) {
            assertThat(isTls(connection)).isTrue();
        }
        PgConnection verifyFull = as("localhost", new PgTls(Mode.VERIFY_FULL, certificates.caCertificate()));
        try (Connection replication = verifyFull.openReplication("postgres", "tls test (capture)")) {
            assertThat(isTls(replication)).isTrue();
        }
        assertThatThrownBy(() -> as("127.0.0.1", new PgTls(Mode.VERIFY_FULL, certificates.caCertificate()))
                .openReplication("postgres", "tls test (capture)")).isInstanceOf(SQLException.class)
                .hasMessageContaining("The hostname 127.0.0.1 could not be verified");
    }

    @Test
    void aPostgresqlClientChildConnectsWithTheSameSettings() throws Exception {
        PgTls verifyFull = new PgTls(Mode.VERIFY_FULL, certificates.caCertificate());

        Child accepted = psql(as("localhost", verifyFull));
        assertThat(accepted.exit()).as(accepted.output()).isZero();
        assertThat(accepted.output().strip()).isEqualTo("t");

        Child refused = psql(as("127.0.0.1", verifyFull));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("does not match host name \"127.0.0.1\"");
        assertThat(refused.output()).doesNotContain(server.superuserPassword());

        Child otherCa = psql(as("localhost", new PgTls(Mode.VERIFY_CA, certificates.otherCaCertificate())));
        assertThat(otherCa.exit()).isNotZero();
        assertThat(otherCa.output()).contains("certificate verify failed");
    }

    @Test
    void aVerifyingModeWithoutACaIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> new PgTls(Mode.VERIFY_FULL, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.sslmode verify-full checks the server's certificate: tls.caRef must name the certificate authority's certificate");
        assertThat(Mode.of("verify-ca")).isEqualTo(Mode.VERIFY_CA);
        assertThatThrownBy(() -> new PgTls(Mode.REQUIRE, certificates.caCertificate()))
                .hasMessageStartingWith("tls.caRef is for tls.sslmode verify-ca and verify-full");
        assertThatThrownBy(() -> Mode.of("allow")).hasMessage("tls.sslmode must be one of require, verify-ca, verify-full, not 'allow'");
    }

    private static PgConnection as(String host, PgTls tls) {
        return new PgConnection(host, server.port(), server.superuser(), server.superuserPassword(), tls);
    }

    private static boolean isTls(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(IS_TLS)) {
            assertThat(rows.next()).isTrue();
            return rows.getBoolean(1);
        }
    }

    private record Child(int exit, String output) {
    }

    private static Child psql(PgConnection connection) throws IOException, InterruptedException {
        ProcessBuilder builder = ChildProcesses.connectingAs(new ProcessBuilder(List.of("psql", "--no-password", "--tuples-only",
                "--no-align", "--host=" + connection.host(), "--port=" + connection.port(), "--username=" + connection.username(),
                "--dbname=postgres", "--command=" + IS_TLS)), connection, "lifeboat tls test").redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Child(process.exitValue(), output);
    }
}
