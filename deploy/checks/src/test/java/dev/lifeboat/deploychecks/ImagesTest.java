package dev.lifeboat.deploychecks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's {@code src/main/docker/Dockerfile.jvm}, checked by reading (no container engine runs here): the
 * same JRE base, a non-root user, the port the service listens on, the paths it copies present in the build output,
 * and the PostgreSQL client tools of a stated major where the service runs them.
 */
class ImagesTest {

    private static final Pattern COPY = Pattern.compile("^COPY\\s+(?:--chown=\\S+\\s+)?(\\S+)\\s+(\\S+)$", Pattern.MULTILINE);

    @Test
    void everyServiceHasADockerfileOnTheOneJreBaseRunningAsANonRootUser() throws IOException {
        for (LifeboatServices service : LifeboatServices.ALL) {
            String dockerfile = Files.readString(service.dockerfile());
            assertThat(dockerfile).as(service.name()).contains("FROM eclipse-temurin:17-jre-noble\n").contains("\nUSER 185\n")
                    .contains("-jar /deployments/quarkus-run.jar");
        }
    }

    @Test
    void everyImageExposesThePortItsServiceListensOn() throws IOException {
        for (LifeboatServices service : LifeboatServices.ALL) {
            assertThat(Files.readString(service.dockerfile())).as(service.name()).contains("\nEXPOSE " + service.port() + "\n");
        }
    }

    @Test
    void everyPathAnImageCopiesIsInItsServicesBuildOutput() throws IOException {
        for (LifeboatServices service : LifeboatServices.ALL) {
            Matcher copy = COPY.matcher(Files.readString(service.dockerfile()));
            int copies = 0;
            while (copy.find()) {
                copies++;
                String source = copy.group(1);
                Path path = service.module().resolve(source.replace("/*.jar", "/quarkus-run.jar"));
                assertThat(path).as(service.name() + " copies " + source + " (build the service first: ./mvnw -B package)").exists();
            }
            assertThat(copies).as(service.name() + " copies the fast-jar's four parts" + (service.runsPostgresTools() ? " and wrangler's lockfile" : ""))
                    .isEqualTo(service.runsPostgresTools() ? 5 : 4);
        }
    }

    @Test
    void theImagesThatRunPgDumpOrPgRestoreCarryTheClientToolsOfAStatedMajorAndTheOthersDoNot() throws IOException {
        for (LifeboatServices service : LifeboatServices.ALL) {
            String dockerfile = Files.readString(service.dockerfile());
            if (service.runsPostgresTools()) {
                assertThat(dockerfile).as(service.name()).contains("ARG PG_MAJOR=15\n").contains("postgresql-client-${PG_MAJOR}")
                        .contains("ENV PATH=\"/usr/lib/postgresql/${PG_MAJOR}/bin:${PATH}\"").contains("--build-arg PG_MAJOR=");
            } else {
                assertThat(dockerfile).as(service.name()).doesNotContain("postgresql-client");
            }
        }
    }

    @Test
    void theImagesThatDriveTheEnginesCarryWranglerFromTheProjectsLockfileAndTheOthersDoNot() throws IOException {
        for (LifeboatServices service : LifeboatServices.ALL) {
            String dockerfile = Files.readString(service.dockerfile());
            if (service.runsPostgresTools()) {
                assertThat(dockerfile).as(service.name()).contains("\nCOPY target/wrangler/ /opt/lifeboat/wrangler/\n")
                        .contains("npm ci").contains("setup_20.x")
                        .contains("\nENV LIFEBOAT_D1_WRANGLER=/opt/lifeboat/wrangler/node_modules/.bin/wrangler\n");
                assertThat(service.module().resolve("target/wrangler/package-lock.json")).as(service.name() + " (./mvnw -B package)")
                        .hasSameTextualContentAs(DeployFiles.root().resolve("d1/wrangler/package-lock.json"));
            } else {
                assertThat(dockerfile).as(service.name()).doesNotContain("wrangler");
            }
        }
    }

    @Test
    void everyImageHasCurlForItsHealthCheck() throws IOException {
        for (LifeboatServices service : LifeboatServices.ALL) {
            assertThat(List.of(Files.readString(service.dockerfile()).split("\n"))).as(service.name())
                    .anyMatch(line -> line.contains("apt-get install") && line.contains(" curl"));
        }
    }
}
