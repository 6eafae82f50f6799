package dev.lifeboat.deploychecks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s: {@code kubectl kustomize} builds each overlay, and what it builds keeps the rules: probes on
 * {@code /q/health}, resources, non-root, secrets referenced and never inlined, a disruption budget and scrape
 * annotations per service, network policies over every pod, and one replica of the verifier and of the notifier.
 */
class KubernetesTest {

    private static final InstalledTool KUBECTL = new InstalledTool("kubectl", "kubernetes-client");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOverlayBuildsAndEveryServiceIsADeploymentWithProbesResourcesAndNoRootUser(String overlay) {
        Map<String, JsonNode> deployments = ofKind(build(overlay), "Deployment");
        assertThat(deployments.keySet()).containsExactlyInAnyOrderElementsOf(LifeboatServices.ALL.stream().map(LifeboatServices::name).toList());
        for (LifeboatServices service : LifeboatServices.ALL) {
            JsonNode pod = deployments.get(service.name()).path("spec").path("template");
            JsonNode container = pod.path("spec").path("containers").get(0);
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(service.name()).isEqualTo(service.port());
            assertThat(container.path("resources").path("requests").path("memory").asText()).as(service.name()).isNotEmpty();
            assertThat(container.path("resources").path("limits").path("memory").asText()).as(service.name()).isNotEmpty();
            assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).as(service.name()).isTrue();
            assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText()).isEqualTo(String.valueOf(service.port()));
            assertThat(pod.path("metadata").path("annotations").path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        }
    }

    /**
     * Issue 50: the manifests injected an encryption key but named no active key, so every backup was written unencrypted.
     * Now the backup service encrypts with a key it lists, that key is the secret's, and every service that reads archives
     * lists it under the same id.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyBackupIsEncryptedWithTheSecretsKeyAndEveryReaderHasIt(String overlay) {
        Map<String, JsonNode> deployments = ofKind(build(overlay), "Deployment");
        Map<String, String> backup = environment(deployments.get("backup-service"));
        String active = backup.get("LIFEBOAT_ENCRYPTION_ACTIVE_KEY_ID");
        assertThat(active).as("backup-service's active key").isNotBlank();
        for (String service : List.of("backup-service", "restore-service", "verifier-service")) {
            Map<String, String> environment = environment(deployments.get(service));
            String reference = environment.get("LIFEBOAT_ENCRYPTION_KEYS_" + active.toUpperCase(java.util.Locale.ROOT));
            assertThat(reference).as(service + " lists the active key").isEqualTo("env:LIFEBOAT_ENCRYPTION_KEY");
            assertThat(environment.get("LIFEBOAT_ENCRYPTION_KEY")).as(service).isEqualTo("secret lifeboat-secrets/encryption-key");
            assertThat(environment).as(service).doesNotContainKey("LIFEBOAT_ENCRYPTION_REQUIRED");
        }
    }

    /** A container's environment: a value, or where it comes from ({@code secret <name>/<key>}). */
    private static Map<String, String> environment(JsonNode deployment) {
        Map<String, String> environment = new java.util.HashMap<>();
        for (JsonNode env : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
            JsonNode secret = env.path("valueFrom").path("secretKeyRef");
            environment.put(env.path("name").asText(), secret.isMissingNode() ? env.path("value").asText()
                    : "secret " + secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        return environment;
    }

    /**
     * The databases' passwords have a place a registration may name (lifeboat-db-secrets, mounted where
     * {@code lifeboat.database-secrets.folder} looks by default), and none of a service's own secrets is in a variable
     * a registration may name ({@code LIFEBOAT_DB_…}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDatabasesSecretsAreMountedWhereRegistrationsMayNameThemAndNoServiceSecretIsThere(String overlay) {
        Map<String, JsonNode> deployments = ofKind(build(overlay), "Deployment");
        for (String service : List.of("backup-service", "restore-service")) {
            JsonNode pod = deployments.get(service).path("spec").path("template").path("spec");
            List<String> mounts = new ArrayList<>();
            pod.path("containers").get(0).path("volumeMounts").forEach(mount -> mounts.add(mount.path("name").asText() + " at "
                    + mount.path("mountPath").asText() + (mount.path("readOnly").asBoolean() ? " read-only" : "")));
            assertThat(mounts).as(service).contains("db-secrets at /run/secrets/lifeboat-db read-only");
            List<String> secrets = new ArrayList<>();
            pod.path("volumes").forEach(volume -> secrets.add(volume.path("name").asText() + " <- " + volume.path("secret").path("secretName").asText()));
            assertThat(secrets).as(service).contains("db-secrets <- lifeboat-db-secrets");
        }
        for (JsonNode deployment : deployments.values()) {
            for (JsonNode env : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                assertThat(env.path("name").asText()).as(deployment.path("metadata").path("name").asText()).doesNotStartWith("LIFEBOAT_DB_");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsAreReferencedNeverInlinedAndEveryPasswordOrKeyComesFromASecret(String overlay) {
        List<JsonNode> objects = build(overlay);
        assertThat(ofKind(objects, "Secret")).as("no Secret is written in the manifests").isEmpty();
        for (JsonNode deployment : ofKind(objects, "Deployment").values()) {
            for (JsonNode env : deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env")) {
                // the active key's id names a key; it is not one
                if (env.path("name").asText().matches(".*(PASSWORD|SECRET|KEY|KEY_ID)$") && !env.path("name").asText().endsWith("ACTIVE_KEY_ID")) {
                    assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText())
                            .as(deployment.path("metadata").path("name").asText() + " " + env.path("name").asText()).isEqualTo("lifeboat-secrets");
                }
            }
        }
        for (JsonNode deployment : ofKind(objects, "Deployment").values()) {
            String name = deployment.path("metadata").path("name").asText();
            assertThat(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("env").toString())
                    .as(name + " authenticates to Kafka as itself, its password from the secret")
                    .contains("username=\\\"" + name + "\\\" password=\\\"$(KAFKA_PASSWORD)\\\"")
                    .contains("kafka-password-" + name);
        }
        for (JsonNode configMap : ofKind(objects, "ConfigMap").values()) {
            assertThat(configMap.path("data").toString()).as("a ConfigMap holds no password").doesNotContainIgnoringCase("password=");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasADisruptionBudgetAndTheNetworkPoliciesCoverEveryPod(String overlay) {
        List<JsonNode> objects = build(overlay);
        assertThat(ofKind(objects, "PodDisruptionBudget").keySet())
                .containsExactlyInAnyOrderElementsOf(LifeboatServices.ALL.stream().map(LifeboatServices::name).toList());
        Map<String, JsonNode> policies = ofKind(objects, "NetworkPolicy");
        assertThat(policies).isNotEmpty();
        for (JsonNode policy : policies.values()) {
            assertThat(policy.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/part-of").asText()).isEqualTo("lifeboat");
        }
        for (JsonNode deployment : ofKind(objects, "Deployment").values()) {
            assertThat(deployment.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/part-of").asText())
                    .isEqualTo("lifeboat");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theVerifierAndTheNotifierRunAsExactlyOneReplicaEach(String overlay) {
        Map<String, JsonNode> deployments = ofKind(build(overlay), "Deployment");
        assertThat(deployments.get("verifier-service").path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(deployments.get("notifier-service").path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    private static List<JsonNode> build(String overlay) {
        InstalledTool.Run build = KUBECTL.run(DeployFiles.deploy("k8s/overlays/" + overlay), "kustomize", ".");
        assertThat(build.exitCode()).as(build.output()).isZero();
        try (YAMLParser parser = new YAMLFactory().createParser(build.stdout())) {
            List<JsonNode> objects = new ArrayList<>();
            new ObjectMapper().readValues(parser, JsonNode.class).forEachRemaining(objects::add);
            return objects;
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize printed what is not YAML: " + build.output(), e);
        }
    }

    private static Map<String, JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText()))
                .collect(Collectors.toMap(object -> object.path("metadata").path("name").asText(), object -> object));
    }
}
