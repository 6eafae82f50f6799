package dev.lifeboat.restore;

import dev.lifeboat.events.Topics;
import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.kafka.KafkaProbe;
import dev.lifeboat.realservers.kafka.TopicEvents;
import dev.lifeboat.realservers.tokens.LocalTokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;

/** Backups taken through the real backup service's API, restores asked for through this service's API, and their events. */
final class Flows {

    final TopicEvents backupEvents;
    final TopicEvents restoreEvents;

    Flows(RealServers servers) {
        KafkaProbe kafka = new KafkaProbe(servers.kafka().orElseThrow().bootstrapServers());
        this.backupEvents = new TopicEvents(kafka, Topics.BACKUP_EVENTS);
        this.restoreEvents = new TopicEvents(kafka, Topics.RESTORE_EVENTS);
        RestoreTestStack.awaitTargets();
    }

    /** A backup of a registered database, as an operator asks for it; returns its completion. */
    BackupCompleted backup(String databaseId) {
        return RestoreTestStack.backupService().backUp(databaseId, Duration.ofMinutes(2));
    }

    /**
     * The event that ended the restore, whichever it is ({@code RestoreCompleted}, {@code RestoreFailed} or
     * {@code RestoreRolledBack}), so a restore that ended otherwise than expected fails the test at once, saying how.
     */
    EventData ending(String restoreId, Duration timeout) {
        return restoreEvents.await(EventData.class, event -> restoreId.equals(event.correlationId())
                        && (event.data() instanceof RestoreCompleted || event.data() instanceof RestoreFailed
                        || event.data() instanceof RestoreRolledBack), timeout)
                .orElseThrow(() -> new AssertionError("restore " + restoreId + " did not end within " + timeout)).data();
    }

    /** The restore's {@code RestoreCompleted}; any other ending fails with what the restore said. */
    RestoreCompleted completed(String restoreId, Duration timeout) {
        EventData ending = ending(restoreId, timeout);
        if (ending instanceof RestoreCompleted completed) {
            return completed;
        }
        throw new AssertionError("restore " + restoreId + " did not complete: " + ending);
    }

    /** Asks for a restore as an admin; returns the restore id. */
    String restore(String body) {
        return given().auth().oauth2(LocalTokens.forTest("admin")).contentType("application/json").body(body)
                .when().post("/api/restores").then().log().ifValidationFails().statusCode(202).extract().path("restoreId");
    }
}
