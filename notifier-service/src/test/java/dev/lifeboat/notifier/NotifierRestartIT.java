package dev.lifeboat.notifier;

import dev.lifeboat.events.backup.BackupFailed;
import dev.lifeboat.events.backup.BackupTrigger;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.process.LoopbackPorts;
import dev.lifeboat.realservers.process.ServiceProcess;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built notifier-service (a child JVM) is killed with SIGKILL after it persisted a delivery and
 * before it sent it; started again, it sends it, once. Deliveries are held back in the first run with
 * {@code lifeboat.notifier.delivery.paused=true}, so the kill lands between persisting and sending.
 */
class NotifierRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDeliveryPersistedBeforeTheServiceWasKilledIsSentAfterTheRestartOnce() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path state = Files.createDirectories(Path.of("target/notifier-restart-it").toAbsolutePath());
        try (RealServers servers = RealServers.start(EnumSet.of(RealServers.Kind.KAFKA, RealServers.Kind.POSTGRES, RealServers.Kind.MAIL));
             HttpReceiver receiver = HttpReceiver.start()) {
            Map<String, String> settings = new HashMap<>(servers.settings());
            settings.putAll(LocalTokens.verification(LocalTokens.testKeys()));
            Path slackUrl = Files.writeString(state.resolve("slack.url"), receiver.url(NotifierTestChannels.SLACK_PATH));
            settings.put("lifeboat.notifier.channels.slack.url-ref", "file:" + slackUrl);
            settings.put("lifeboat.notifier.channels.email.recipients", NotifierTestChannels.ONCALL);
            settings.put("lifeboat.notifier.delivery.paused", "true");

            String db = "restart-" + UUID.randomUUID().toString().substring(0, 8);
            ServiceProcess first = ServiceProcess.start(root, "notifier-service", LoopbackPorts.free(), settings, state);
            try {
                CloudEvent<BackupFailed> failed = CloudEvent.of("/test", "corr-" + db,
                        new BackupFailed("r-" + db, null, db, BackupTrigger.SCHEDULE, "DUMP_FAILED", "pg_dump exited with 1", 1, false));
                EncodedEvent encoded = new EventCodec().encode(failed);
                new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers())
                        .send(encoded.topic(), encoded.key(), encoded.headers(), encoded.value());

                await().atMost(WAIT).until(() -> pending(first.url(), db) == 2);
                ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
                await().atMost(WAIT).until(() -> ProcessHandle.of(first.pid()).map(process -> !process.isAlive()).orElse(true));
            } finally {
                first.close();
            }
            assertThat(receiver.requests(NotifierTestChannels.SLACK_PATH, body -> body.contains(db))).isEmpty();
            assertThat(MailBox.messages(servers.mail().orElseThrow().apiUrl(), NotifierTestChannels.ONCALL, mail -> mail.subject().contains(db))).isEmpty();

            settings.put("lifeboat.notifier.delivery.paused", "false");
            try (ServiceProcess second = ServiceProcess.start(root, "notifier-service", LoopbackPorts.free(), settings, state)) {
                await().atMost(WAIT).until(() -> slack(receiver, db) == 1 && mails(servers, db) == 1);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> slack(receiver, db) == 1 && mails(servers, db) == 1);
                assertThat(pending(second.url(), db)).isZero();
            }
        }
    }

    private static int slack(HttpReceiver receiver, String db) {
        return receiver.requests(NotifierTestChannels.SLACK_PATH, body -> body.contains(db)).size();
    }

    private static int mails(RealServers servers, String db) {
        return MailBox.messages(servers.mail().orElseThrow().apiUrl(), NotifierTestChannels.ONCALL, mail -> mail.subject().contains(db)).size();
    }

    private static long pending(String url, String db) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(url + "/api/notifications?status=PENDING&databaseId=" + db))
                .header("Authorization", "Bearer " + LocalTokens.forTest("viewer")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JsonPath.from(answer.body()).getLong("total");
    }
}
