package dev.lifeboat.deploychecks;

import dev.lifeboat.events.Topics;
import dev.lifeboat.realservers.kafka.KafkaBroker;
import dev.lifeboat.realservers.kafka.KafkaUsers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/kafka: on a real broker that authenticates every client and authorizes with KRaft's StandardAuthorizer,
 * with the topics of topics.txt and the grants of acls.txt, each service may write only its own topics and other
 * systems only the request topics; reading needs the grant of the topic and of the consumer group.
 */
class KafkaAclsTest {

    private static final Path KAFKA = DeployFiles.deploy("kafka");
    private static final List<String> USERS = List.of("backup-service", "restore-service", "verifier-service", "notifier-service",
            "audit-service", "lifeboat-client", "someone-else");

    private static KafkaUsers users;
    private static KafkaBroker broker;

    @BeforeAll
    static void startTheBrokerAndApplyTheDeployMaterial() throws Exception {
        users = KafkaUsers.of(USERS);
        broker = KafkaBroker.startWithAuthentication(users);
        try (Admin admin = Admin.create(users.client(KafkaUsers.ADMIN, broker.bootstrapServers()))) {
            admin.createTopics(lines("topics.txt").stream().map(KafkaAclsTest::topic).toList()).all()
                    .get(60, TimeUnit.SECONDS);
            List<AclBinding> grants = lines("acls.txt").stream().map(KafkaAclsTest::binding).toList();
            admin.createAcls(grants).all().get(60, TimeUnit.SECONDS);
            // the controller has committed them; the broker's authorizer applies them as it replays the metadata log, a
            // moment later (a test that ran first was refused a grant it had: CI, 2026-11-27)
            Awaitility.await("the broker's authorizer holds every grant").atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).containsAll(grants));
        }
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theTopicsAreTheContractsAndTheRegistryIsCompacted() throws Exception {
        assertThat(lines("topics.txt").stream().map(line -> topic(line).name()).toList()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(topic(lines("topics.txt").stream().filter(line -> line.startsWith(Topics.DATABASES)).findFirst().orElseThrow()).configs())
                .containsEntry("cleanup.policy", "compact");
    }

    @Test
    void eachServiceWritesItsOwnEventsAndTheDeadLetterTopicButNotAnotherServicesEvents() throws Exception {
        assertCanWrite("backup-service", "lifeboat.backup.events");
        assertCanWrite("backup-service", "lifeboat.dead-letter");
        assertCanWrite("verifier-service", "lifeboat.verification.events");
        assertCanWrite("restore-service", "lifeboat.backup.requests");
        assertCannotWrite("notifier-service", "lifeboat.backup.events");
        assertCannotWrite("verifier-service", "lifeboat.restore.events");
        assertCannotWrite("audit-service", "lifeboat.backup.requests");
        assertCannotWrite("backup-service", "lifeboat.verification.events");
    }

    @Test
    void otherSystemsWriteOnlyTheRequestTopics() throws Exception {
        assertCanWrite("lifeboat-client", "lifeboat.backup.requests");
        assertCanWrite("lifeboat-client", "lifeboat.restore.requests");
        assertCannotWrite("lifeboat-client", "lifeboat.backup.events");
        assertCannotWrite("lifeboat-client", "lifeboat.verification.events");
        assertCannotWrite("someone-else", "lifeboat.backup.requests");
    }

    @Test
    void aServiceReadsWhatItConsumesInItsOwnGroupAndNothingElse() throws Exception {
        assertCanRead("verifier-service", "lifeboat.backup.events", "verifier-service");
        assertCanRead("audit-service", "lifeboat.dead-letter", "audit-service");
        assertCanRead("lifeboat-client", "lifeboat.restore.events", "lifeboat-client-dashboard");
        assertThatThrownBy(() -> read("verifier-service", "lifeboat.restore.requests", "verifier-service"))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read("verifier-service", "lifeboat.backup.events", "backup-service"))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> read("lifeboat-client", "lifeboat.backup.requests", "lifeboat-client-x"))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void everyTopicAndGroupInAServicesOwnConfigurationIsGrantedToIt() throws Exception {
        for (LifeboatServices service : LifeboatServices.ALL) {
            Properties settings = new Properties();
            try (var in = Files.newInputStream(DeployFiles.root().resolve(service.name()).resolve("src/main/resources/application.properties"))) {
                settings.load(in);
            }
            Map<String, String> groups = new HashMap<>();
            settings.stringPropertyNames().stream().filter(key -> key.endsWith(".group.id"))
                    .forEach(key -> groups.put(key.substring(0, key.length() - ".group.id".length()), settings.getProperty(key)));
            for (String key : settings.stringPropertyNames()) {
                String value = settings.getProperty(key);
                if (key.endsWith(".dead-letter-queue.topic") || key.startsWith("mp.messaging.outgoing.") && key.endsWith(".topic")) {
                    assertCanWrite(service.name(), value.trim());
                } else if (key.startsWith("mp.messaging.incoming.") && (key.endsWith(".topic") || key.endsWith(".topics"))) {
                    String channel = key.substring(0, key.lastIndexOf('.'));
                    for (String topic : value.split(",")) {
                        assertCanRead(service.name(), topic.trim(), groups.get(channel));
                    }
                }
            }
        }
    }

    private static void assertCanWrite(String user, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(user)) {
            producer.send(new ProducerRecord<>(topic, "key", "{}")).get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertCannotWrite(String user, String topic) {
        try (KafkaProducer<String, String> producer = producer(user)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "key", "{}")).get(30, TimeUnit.SECONDS))
                    .as(user + " writes " + topic).isInstanceOf(ExecutionException.class)
                    // a user with no WRITE grant at all is refused earlier, at the idempotent producer's id (cluster)
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    private static void assertCanRead(String user, String topic, String group) throws Exception {
        assertThat(read(user, topic, group)).as(user + " reads " + topic).isNotEmpty();
    }

    /**
     * What the group reads of the topic after the broker's admin wrote a record to it: polls until it arrives (a few
     * hundred milliseconds) rather than for a fixed time, and throws as soon as the broker refuses the group or topic.
     */
    private static ConsumerRecords<String, String> read(String user, String topic, String group) throws Exception {
        try (KafkaProducer<String, String> admin = producer(KafkaUsers.ADMIN)) {
            admin.send(new ProducerRecord<>(topic, "key", "{}")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> settings = new HashMap<>(users.client(user, broker.bootstrapServers()));
        settings.put("group.id", group);
        settings.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            consumer.commitSync();
            return records;
        }
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> settings = new HashMap<>(users.client(user, broker.bootstrapServers()));
        settings.put("max.block.ms", "15000");
        settings.put("delivery.timeout.ms", "20000");
        settings.put("request.timeout.ms", "10000");
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    /** A line of topics.txt: the topic, and optionally its settings as {@code name=value,name=value}. */
    private static NewTopic topic(String line) {
        String[] fields = line.trim().split("\\s+");
        Map<String, String> settings = new HashMap<>();
        if (fields.length > 1) {
            for (String setting : fields[1].split(",")) {
                settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        return new NewTopic(fields[0], 1, (short) 1).configs(settings);
    }

    /** A line of acls.txt: user, operation, resource (topic or group), name, and optionally the pattern type. */
    private static AclBinding binding(String line) {
        String[] fields = line.trim().split("\\s+");
        PatternType pattern = fields.length > 4 ? PatternType.valueOf(fields[4].toUpperCase()) : PatternType.LITERAL;
        return new AclBinding(new ResourcePattern(ResourceType.valueOf(fields[2].toUpperCase()), fields[3], pattern),
                new AccessControlEntry("User:" + fields[0], "*", AclOperation.valueOf(fields[1]), AclPermissionType.ALLOW));
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(KAFKA.resolve(file)).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }
}
