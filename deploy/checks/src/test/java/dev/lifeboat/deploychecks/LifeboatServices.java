package dev.lifeboat.deploychecks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** The five services as the deploy material must know them: module, HTTP port, and whether they run the PostgreSQL tools. */
record LifeboatServices(String name, boolean runsPostgresTools) {

    static final List<LifeboatServices> ALL = List.of(new LifeboatServices("backup-service", true),
            new LifeboatServices("restore-service", true), new LifeboatServices("verifier-service", true),
            new LifeboatServices("notifier-service", false), new LifeboatServices("audit-service", false));

    Path module() {
        return DeployFiles.root().resolve(name);
    }

    /** The port the service listens on: its {@code quarkus.http.port}. */
    int port() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(module().resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    Path dockerfile() {
        return module().resolve("src/main/docker/Dockerfile.jvm");
    }
}
