package dev.lifeboat.runtime.secret;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSecretsTest {

    @TempDir
    Path root;

    private Path provisioned;
    private Path serviceKey;
    private DatabaseSecrets secrets;

    @BeforeEach
    void folders() throws Exception {
        provisioned = Files.createDirectories(root.resolve("db-secrets"));
        serviceKey = Files.writeString(root.resolve("archive.key"), "the service's own key\n");
        secrets = new DatabaseSecrets("LIFEBOAT_DB_", provisioned);
    }

    @Test
    void aVariableWithThePrefixAndAFileInTheFolderAreAllowed() {
        assertThat(secrets.allowed("env:LIFEBOAT_DB_ORDERS_PASSWORD")).hasToString("env:LIFEBOAT_DB_ORDERS_PASSWORD");
        assertThat(secrets.allowed("file:" + provisioned.resolve("orders"))).hasToString("file:" + provisioned.resolve("orders"));
    }

    @Test
    void theServicesOwnVariablesAndFilesAreRefusedWithoutEchoingTheReference() {
        for (String reference : new String[] {"env:LIFEBOAT_STORAGE_SECRET_ACCESS_KEY", "env:QUARKUS_DATASOURCE_PASSWORD",
                "env:LIFEBOAT_DBX", "file:" + serviceKey, "file:" + provisioned + "/../archive.key", "file:" + provisioned + "-other/x"}) {
            assertThatThrownBy(() -> secrets.allowed(reference)).as(reference)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("credentialRef must name a secret provisioned for databases: env:LIFEBOAT_DB_… ")
                    .hasMessageContaining("file:" + provisioned + "/…")
                    .hasMessageNotContaining(reference.substring(reference.indexOf(':') + 1));
        }
    }

    @Test
    void aRefusedReferenceIsNeverRead() {
        // PATH is set in every process: had it been read, its value could appear; the refusal comes first.
        assertThatThrownBy(() -> secrets.passwordOf("env:PATH"))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageStartingWith("credentialRef must name a secret provisioned for databases")
                .hasMessageNotContaining(System.getenv("PATH"));
        assertThatThrownBy(() -> secrets.passwordOf("file:" + serviceKey))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageNotContaining("own key");
    }

    @Test
    void aFileInTheFolderIsRead() throws Exception {
        Files.writeString(provisioned.resolve("orders"), "s3cret\n");

        assertThat(secrets.passwordOf("file:" + provisioned.resolve("orders"))).isEqualTo("s3cret");
        assertThat(secrets.passwordOf(null)).isNull();
    }

    @Test
    void aLinkInTheFolderToAFileOutsideItIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(provisioned.resolve("innocent"), serviceKey);

        assertThat(secrets.allowed("file:" + link)).isNotNull(); // by its name it is in the folder
        assertThatThrownBy(() -> secrets.passwordOf("file:" + link))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("leads out of the database secrets' folder")
                .hasMessageNotContaining("own key");
    }

    @Test
    void aLinkWithinTheFolderIsFollowed() throws Exception {
        // How Kubernetes mounts a secret: the file is a link to a timestamped folder beside it.
        Path data = Files.createDirectories(provisioned.resolve("..2026_11_27"));
        Files.writeString(data.resolve("orders"), "s3cret");
        Path link = Files.createSymbolicLink(provisioned.resolve("orders"), data.resolve("orders"));

        assertThat(secrets.passwordOf("file:" + link)).isEqualTo("s3cret");
    }

    @Test
    void aMissingFolderIsSaidAsSuch() {
        DatabaseSecrets absent = new DatabaseSecrets("LIFEBOAT_DB_", root.resolve("absent"));

        assertThatThrownBy(() -> absent.passwordOf("file:" + root.resolve("absent/orders")))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("the database secrets' folder " + root.resolve("absent") + " cannot be read: NoSuchFileException");
    }

    @Test
    void aPrefixOrFolderThatWouldAllowEverythingIsRefused() {
        assertThatThrownBy(() -> new DatabaseSecrets("", provisioned)).hasMessageContaining("an empty prefix would let");
        assertThatThrownBy(() -> new DatabaseSecrets("LIFEBOAT_DB_", Path.of("/"))).hasMessageContaining("absolute path below the root");
        assertThatThrownBy(() -> new DatabaseSecrets("LIFEBOAT_DB_", Path.of("secrets"))).hasMessageContaining("absolute path");
    }
}
