package dev.lifeboat.cli.deadletters;

import dev.lifeboat.cli.CommandLineRun;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.command.ExitCodes;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lifeboat dead-letters} and {@code lifeboat dead-letters replay SEQ} over canned answers of the audit service. */
class DeadLettersCommandTest {

    private final CannedApi api = new CannedApi();
    private final CommandLineRun cli = new CommandLineRun(api, Instant.parse("2026-11-28T05:00:00Z"));

    @Test
    void theDeadLettersAreListedWithTheirSeqWhatAndWhyAndHowToSendOneAgain() {
        api.answer("GET", "/api/audit?outcome=DEAD_LETTERED&limit=50", "{\"entries\":[{\"seq\":812,\"eventId\":\"e-1\","
                + "\"type\":\"dev.lifeboat.backup.completed.v1\",\"databaseId\":\"orders-db\",\"occurredAt\":\"2026-11-28T04:00:00Z\","
                + "\"detail\":\"from lifeboat.backup.events: no registered database with id 'orders-db'\"},{\"seq\":640,"
                + "\"type\":\"unreadable\",\"occurredAt\":\"2026-11-27T01:00:00Z\",\"detail\":\"value is not valid JSON\"}]}");

        assertThat(cli.run("dead-letters")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("SEQ", "812", "backup.completed", "orders-db", "no registered database with id 'orders-db'",
                "640", "unreadable", "value is not valid JSON", "lifeboat dead-letters replay <seq>");
        assertThat(api.calls).containsExactly("AUDIT /api/audit?outcome=DEAD_LETTERED&limit=50");
    }

    @Test
    void noDeadLetterIsSaid() {
        api.answer("GET", "/api/audit?outcome=DEAD_LETTERED&limit=50", "{\"entries\":[]}");

        assertThat(cli.run("dead-letters")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("No message was dead-lettered.");
    }

    @Test
    void replaySaysWhereTheEventWentAndAnUnreadableOneIsTheServicesRefusal() {
        api.answer("POST", "/api/dead-letters/812/replay", "{\"seq\":812,\"eventId\":\"e-1\",\"type\":\"dev.lifeboat.backup.completed.v1\","
                + "\"topic\":\"lifeboat.backup.events\"}");
        api.answer("POST", "/api/dead-letters/640/replay", new ApiFailure(422, "row 640 holds a message that was never a readable event"));

        assertThat(cli.run("dead-letters", "replay", "812")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("Replayed: dev.lifeboat.backup.completed.v1 e-1 is published again on lifeboat.backup.events.");
        assertThat(cli.run("dead-letters", "replay", "640")).isEqualTo(ExitCodes.API);
        assertThat(cli.err.toString()).contains("never a readable event");
    }
}
