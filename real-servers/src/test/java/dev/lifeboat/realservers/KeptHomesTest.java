package dev.lifeboat.realservers;

import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServerHome;
import dev.lifeboat.realservers.process.WorkDirs;
import dev.lifeboat.realservers.s3.S3Server;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** What the local stack relies on: a server started again in its kept home finds its data, credentials and port. */
class KeptHomesTest {

    @Test
    void postgresStartedAgainInItsKeptHomeHasItsRowsAndItsPasswordAndTheFolderStays() throws Exception {
        Path state = WorkDirs.create("lifeboat-kept-");
        int port = LoopbackPorts.free();
        try {
            String password;
            try (PostgresServer first = PostgresServer.start(ServerHome.kept(state.resolve("postgres"), port))) {
                first.execute(PostgresServer.DATABASE, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1), (2)");
                password = first.superuserPassword();
            }
            assertThat(state.resolve("postgres/data/postgresql.conf")).exists();
            try (PostgresServer again = PostgresServer.start(ServerHome.kept(state.resolve("postgres"), port));
                 Connection connection = again.connect(PostgresServer.DATABASE);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
                assertThat(again.superuserPassword()).isEqualTo(password);
                assertThat(again.port()).isEqualTo(port);
            }
        } finally {
            WorkDirs.delete(state);
        }
    }

    @Test
    void s3StartedAgainInItsKeptHomeHasItsObjectsAndCredentials() {
        Path state = WorkDirs.create("lifeboat-kept-");
        int port = LoopbackPorts.free();
        try {
            String secret;
            try (S3Server first = S3Server.start(ServerHome.kept(state.resolve("s3"), port), "kept")) {
                Files.writeString(Files.createDirectories(first.bucketDir("kept").resolve("a")).resolve("b"), "object");
                secret = first.secretKey();
            }
            try (S3Server again = S3Server.start(ServerHome.kept(state.resolve("s3"), port), "kept")) {
                assertThat(again.secretKey()).isEqualTo(secret);
                assertThat(again.bucketDir("kept").resolve("a/b")).hasContent("object");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            WorkDirs.delete(state);
        }
    }
}
