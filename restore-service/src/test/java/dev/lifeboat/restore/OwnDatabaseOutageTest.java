package dev.lifeboat.restore;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.data.Request;
import dev.lifeboat.events.envelope.CloudEvent;
import dev.lifeboat.events.envelope.EncodedEvent;
import dev.lifeboat.events.envelope.EventCodec;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreRequested;
import dev.lifeboat.events.restore.RestoreSource;
import dev.lifeboat.events.restore.RestoreTarget;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.postgres.OutageUnderRequests;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import dev.lifeboat.service.messaging.ConsumerRetry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 50: after about 11 s of its own database being down the restore service dead-lettered the restore requests that
 * came meanwhile: asked for in an incident, never run. Now its consumer waits the outage out: held down 60 s with a
 * request every 12 s ({@link OutageUnderRequests}), each runs once after.
 */
@QuarkusTest
class OwnDatabaseOutageTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @InjectRealServers
    RealServers servers;

    @Inject
    ConsumerRetry retry;

    @Test
    void restoresAskedForOnKafkaWhileTheRestoreServicesDatabaseIsDown60SecondsRunOnceItIsBackAndNoneIsDeadLettered() throws Exception {
        PostgresServer postgres = servers.postgres().orElseThrow();
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        Flows flows = new Flows(servers);
        flows.backup("shop");
        int deadLettersBefore = kafka.allRecords(Topics.DEAD_LETTER, record -> true).size();

        Map<String, String> restores = new ConcurrentHashMap<>();
        OutageUnderRequests.hold(postgres, () -> {
            String restoreId = UUID.randomUUID().toString();
            String name = "shop_outage_" + restoreId.substring(0, 8);
            send(kafka, CloudEvent.of("/incident-bot", restoreId, new RestoreRequested(restoreId, "shop",
                    new RestoreSource(RestoreSource.Kind.LATEST, null, null, null, null),
                    new RestoreTarget(RestoreTarget.Kind.NEW_DATABASE, name, List.of(), null, null), false, "incident-bot")));
            restores.put(restoreId, name);
            return restoreId;
        }, () -> retry.waiting() > 0, () -> kafka.allRecords(Topics.DEAD_LETTER, record -> true).size());

        List<String> restored = new ArrayList<>();
        for (Map.Entry<String, String> restore : restores.entrySet()) {
            RestoreCompleted completed = flows.completed(restore.getKey(), WAIT);
            assertThat(completed.targetDatabase()).isEqualTo(restore.getValue());
            restored.add(restore.getValue());
        }
        assertThat(TestDatabases.databasesLike(postgres, "shop_outage_%")).containsExactlyInAnyOrderElementsOf(restored);
        assertThat(kafka.allRecords(Topics.DEAD_LETTER, record -> true)).as("dead letters").hasSize(deadLettersBefore);
        restored.forEach(name -> postgres.execute("DROP DATABASE " + name));
    }

    private static void send(KafkaProbe kafka, CloudEvent<RestoreRequested> event) {
        EncodedEvent encoded = new EventCodec().encode(event);
        encoded.headers().add(Request.TOKEN_HEADER, ("Bearer " + LocalTokens.forTest("admin")).getBytes(StandardCharsets.UTF_8));
        kafka.send(Topics.RESTORE_REQUESTS, encoded.key(), encoded.headers(), encoded.value());
    }
}
