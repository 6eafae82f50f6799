package dev.lifeboat.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml}: Debian's docker-compose parses it, every server is health-checked and waited for, every
 * secret comes from {@code .env} (whose example names them all), and each service is published on its own port.
 */
class ComposeTest {

    private static final Path COMPOSE = DeployFiles.root().resolve("docker-compose.yml");
    private static final Path ENV_EXAMPLE = DeployFiles.root().resolve(".env.example");
    private static final InstalledTool DOCKER_COMPOSE = new InstalledTool("docker-compose", "docker-compose");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?][^}]*)?}");
    /** Jobs that run once and exit; the others wait for them to have completed rather than to be healthy. */
    private static final Set<String> ONE_SHOT = Set.of("bucket", "kafka-setup");

    @TempDir
    static Path dir;

    /** The file as docker-compose resolves it (anchors merged, variables set), with every secret of the example set. */
    private static JsonNode resolved() throws IOException {
        Path env = dir.resolve("example.env");
        Files.writeString(env, Files.readAllLines(ENV_EXAMPLE).stream().map(line -> line.endsWith("=") ? line + "not-a-real-secret" : line)
                .collect(Collectors.joining("\n")));
        InstalledTool.Run config = DOCKER_COMPOSE.run(DeployFiles.root(), "--env-file", env.toString(), "-f", COMPOSE.toString(), "config");
        assertThat(config.exitCode()).as(config.output()).isZero();
        return DeployFiles.yamlText(config.stdout());
    }

    @Test
    void dockerComposeParsesItWithEverySecretOfTheEnvExampleSet() throws IOException {
        assertThat(resolved().path("services").size()).isEqualTo(13);
    }

    @Test
    void withASecretLeftEmptyDockerComposeRefusesToStartAndNamesIt() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, Files.readAllLines(ENV_EXAMPLE).stream()
                .map(line -> line.endsWith("=") && !line.startsWith("POSTGRES_PASSWORD") ? line + "not-a-real-secret" : line)
                .collect(Collectors.joining("\n")));
        InstalledTool.Run config = DOCKER_COMPOSE.run(DeployFiles.root(), "--env-file", env.toString(), "-f", COMPOSE.toString(), "config", "-q");
        assertThat(config.exitCode()).isNotZero();
        assertThat(config.output()).contains("set POSTGRES_PASSWORD in .env");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndEveryDependencyIsWaitedFor() throws IOException {
        JsonNode services = resolved().path("services");
        services.fields().forEachRemaining(service -> {
            if (!ONE_SHOT.contains(service.getKey())) {
                assertThat(service.getValue().path("healthcheck").path("test").isArray()).as(service.getKey() + " health check").isTrue();
            }
            service.getValue().path("depends_on").fields().forEachRemaining(dependency -> assertThat(dependency.getValue().path("condition").asText())
                    .as(service.getKey() + " waits for " + dependency.getKey())
                    .isEqualTo(ONE_SHOT.contains(dependency.getKey()) ? "service_completed_successfully" : "service_healthy"));
        });
    }

    @Test
    void everySecretIsAnEnvReferenceThatFailsWhenUnsetAndTheEnvExampleNamesEveryVariable() throws IOException {
        List<String> inline = new ArrayList<>();
        Set<String> referenced = new TreeSet<>();
        for (String line : Files.readAllLines(COMPOSE)) {
            Matcher variable = VARIABLE.matcher(line);
            while (variable.find()) {
                referenced.add(variable.group(1));
            }
            String trimmed = line.trim();
            int colon = trimmed.indexOf(':');
            if (colon > 0 && trimmed.substring(0, colon).matches("[A-Z0-9_]*(PASSWORD|SECRET|SECRET_ACCESS_KEY|ENCRYPTION_KEY|SIGNING_KEY)")) {
                String value = trimmed.substring(colon + 1).trim();
                if (!value.matches("\\$\\{[A-Z0-9_]+:\\?set [A-Z0-9_]+ in \\.env}")) {
                    inline.add(trimmed);
                }
            }
        }
        assertThat(inline).as("secrets not taken from .env, or not required").isEmpty();
        Set<String> example = Files.readAllLines(ENV_EXAMPLE).stream().filter(line -> line.matches("[A-Z0-9_]+=.*"))
                .map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(example).as(".env.example names every variable docker-compose.yml uses").isEqualTo(referenced);
        assertThat(Files.readString(DeployFiles.root().resolve(".gitignore"))).as(".env is never committed").containsPattern("(?m)^\\.env$");
    }

    /** The backup service encrypts with a key it lists, and every service that reads archives gets that key from .env. */
    @Test
    void everyBackupIsEncryptedWithTheEnvsKeyAndEveryReaderHasIt() throws IOException {
        JsonNode services = resolved().path("services");
        java.util.Properties backup = settings("backup-service");
        String active = backup.getProperty("lifeboat.encryption.active-key-id");
        assertThat(active).as("backup-service's active key").isNotBlank();
        assertThat(backup).doesNotContainKey("lifeboat.encryption.required");
        for (String service : List.of("backup-service", "restore-service", "verifier-service")) {
            String reference = settings(service).getProperty("lifeboat.encryption.keys." + active);
            assertThat(reference).as(service + " lists the active key").startsWith("env:");
            assertThat(services.path(service).path("environment").path(reference.substring(4)).asText()).as(service + " gets the key")
                    .isEqualTo("not-a-real-secret");
        }
    }

    private static java.util.Properties settings(String service) throws IOException {
        java.util.Properties settings = new java.util.Properties();
        try (var reader = Files.newBufferedReader(DeployFiles.deploy("compose/config/" + service + ".properties"))) {
            settings.load(reader);
        }
        return settings;
    }

    @Test
    void eachServiceIsPublishedOnLoopbackOnItsOwnPortAndHealthCheckedThere() throws IOException {
        JsonNode services = resolved().path("services");
        for (LifeboatServices service : LifeboatServices.ALL) {
            JsonNode compose = services.path(service.name());
            int port = service.port();
            assertThat(compose.path("ports").get(0).asText()).as(service.name()).isEqualTo("127.0.0.1:" + port + ":" + port + "/tcp");
            assertThat(compose.path("healthcheck").path("test").toString()).as(service.name())
                    .contains("http://localhost:" + port + "/q/health/ready");
            assertThat(compose.path("build").path("context").asText()).isEqualTo(service.module().toString());
            assertThat(compose.path("build").path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
            assertThat(compose.path("volumes").toString()).as(service.name() + " configuration")
                    .contains(DeployFiles.deploy("compose/config/" + service.name() + ".properties") + ":/deployments/config/application.properties:ro")
                    .contains(DeployFiles.root().resolve(".lifeboat/keys/public.pem") + ":/deployments/keys/public.pem:ro");
            assertThat(compose.path("environment").path("QUARKUS_DATASOURCE_PASSWORD").asText()).as(service.name()).isEqualTo("not-a-real-secret");
            assertThat(DeployFiles.deploy("compose/config/" + service.name() + ".properties")).exists();
        }
    }

    @Test
    void prometheusScrapesTheFiveServicesAsJobLifeboatAndLoadsTheRulesPromtoolAccepts() {
        JsonNode scrape = DeployFiles.yaml(DeployFiles.deploy("prometheus/prometheus.yml")).path("scrape_configs").get(0);
        assertThat(scrape.path("job_name").asText()).isEqualTo("lifeboat");
        assertThat(scrape.path("metrics_path").asText()).isEqualTo("/q/metrics");
        List<String> targets = new ArrayList<>();
        scrape.path("static_configs").get(0).path("targets").forEach(target -> targets.add(target.asText()));
        assertThat(targets).containsExactlyElementsOf(LifeboatServices.ALL.stream().map(service -> service.name() + ":" + service.port()).toList());
        InstalledTool.Run check = InstalledTool.PROMTOOL.run(DeployFiles.deploy("prometheus"), "check", "config", "prometheus.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void kafkaLetsInOnlyAuthenticatedUsersWithTheirGrantsAndEachServiceIsItsOwnUser() throws IOException {
        JsonNode services = resolved().path("services");
        JsonNode kafka = services.path("kafka").path("environment");
        assertThat(kafka.path("KAFKA_AUTHORIZER_CLASS_NAME").asText()).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(kafka.path("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND").asText()).isEqualTo("false");
        assertThat(kafka.path("KAFKA_LISTENERS").asText().split(",")).noneMatch(listener -> listener.startsWith("PLAINTEXT:"));
        assertThat(services.path("kafka-setup").path("entrypoint").toString()).contains("/lifeboat-kafka/setup.sh");
        for (LifeboatServices service : LifeboatServices.ALL) {
            JsonNode environment = services.path(service.name()).path("environment");
            assertThat(environment.path("KAFKA_SECURITY_PROTOCOL").asText()).as(service.name()).isEqualTo("SASL_PLAINTEXT");
            assertThat(environment.path("KAFKA_SASL_JAAS_CONFIG").asText()).as(service.name())
                    .contains("username=\"" + service.name() + "\"").contains("password=\"not-a-real-secret\"");
            assertThat(kafka.path("KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG").asText()).contains("user_" + service.name() + "=");
        }
    }

    @Test
    void kafkaIsTheVersionTheTestsRunAgainst() throws IOException {
        Matcher version = Pattern.compile("<kafka.broker.version>([^<]+)</kafka.broker.version>")
                .matcher(Files.readString(DeployFiles.root().resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(DeployFiles.yaml(COMPOSE).path("services").path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + version.group(1));
    }

    @Test
    void grafanaIsProvisionedWithTheDashboardsAndADatasourceOfTheUidTheyName() throws IOException {
        JsonNode grafana = resolved().path("services").path("grafana");
        assertThat(grafana.path("volumes").toString()).contains(DeployFiles.deploy("grafana/provisioning") + ":/etc/grafana/provisioning:ro")
                .contains(DeployFiles.deploy("grafana/dashboards") + ":/var/lib/grafana/dashboards/lifeboat:ro");
        JsonNode datasource = DeployFiles.yaml(DeployFiles.deploy("grafana/provisioning/datasources/lifeboat.yml")).path("datasources").get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo("lifeboat-prometheus");
        JsonNode provider = DeployFiles.yaml(DeployFiles.deploy("grafana/provisioning/dashboards/lifeboat.yml")).path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards/lifeboat");
        assertThat(datasource.path("url").asText()).isEqualTo("${LIFEBOAT_PROMETHEUS_URL}");
        assertThat(grafana.path("environment").path("LIFEBOAT_PROMETHEUS_URL").asText()).isEqualTo("http://prometheus:9090");
    }
}
