package dev.lifeboat.cli.pointintime;

import dev.lifeboat.cli.CommandLineRun;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.command.ExitCodes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lifeboat changes}: what it asks the backup service for, and how it shows the answer to someone looking for a moment. */
class ChangesCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String DELETE = "{\"xid\":5126,\"lsn\":\"0/3A2F000\",\"committedAt\":\"2026-11-23T11:41:08.003310Z\","
            + "\"rowsTouched\":12000,\"tables\":{\"public.orders\":{\"inserted\":0,\"updated\":0,\"deleted\":12000,\"truncated\":false}},"
            + "\"schemaChanges\":[]}";
    private static final String MIGRATION = "{\"xid\":5124,\"lsn\":\"0/3A1F5C0\",\"committedAt\":\"2026-11-23T11:41:07.601122Z\","
            + "\"role\":\"app_owner\",\"rowsTouched\":0,\"tables\":{},\"schemaChanges\":[{\"tag\":\"ALTER TABLE\","
            + "\"statement\":\"ALTER TABLE accounts\\n  ADD COLUMN frozen boolean\",\"tables\":[\"public.accounts\"]}]}";

    private final CannedApi api = new CannedApi();
    private final CommandLineRun cli = new CommandLineRun(api, NOW);

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void theLargestFirstMarksTheBigDeleteShowsDdlInFullAndSaysHowToRestoreToJustBeforeIt() {
        api.answer("GET", "/api/databases/orders-db/changes?from=2026-11-23T11:30:00Z&to=2026-11-23T12:00:00Z&order=rows&limit=50&minRows=0",
                "{\"transactions\":[" + DELETE + "," + MIGRATION + "],\"next\":null}");

        assertThat(run("changes", "orders-db", "--since", "30m", "--largest")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains(
                "orders-db: 2 transactions from 2026-11-23T11:30:00Z to 2026-11-23T12:00:00Z, the largest first",
                "2026-11-23T11:41:08.003310Z 0/3A2F000    xid 5126       >> public.orders 12,000 deleted",
                "xid 5124          DDL by app_owner",
                "    ALTER TABLE accounts\n      ADD COLUMN frozen boolean",
                "Undo one: lifeboat restore orders-db --before 0/3A2F000 --new orders_db_before");
        assertThat(cli.out.toString()).doesNotContain("More:");
    }

    @Test
    void filtersGoToTheServiceAndAFullPageSaysHowToAskForTheNext() {
        api.answer("GET", "/api/databases/orders-db/changes?from=2026-11-23T10:00:00Z&to=2026-11-23T11:00:00Z&order=time&limit=1"
                + "&minRows=100&table=orders&kind=delete", "{\"transactions\":[" + DELETE + "],\"next\":\"0/3A2F000\"}");

        assertThat(run("changes", "orders-db", "--from", "2026-11-23T10:00:00Z", "--until", "2026-11-23T11:00:00Z", "--table", "orders",
                "--kind", "delete", "--min-rows", "100", "--limit", "1")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("in commit order", "More: lifeboat changes orders-db --from 2026-11-23T10:00:00Z"
                + " --until 2026-11-23T11:00:00Z --after 0/3A2F000");
    }

    @Test
    void aDatabaseNotCapturedExitsThreeWithTheServicesSentence() {
        api.answer("GET", "/api/databases/plain/changes?from=2026-11-23T11:00:00Z&to=2026-11-23T12:00:00Z&order=time&limit=50&minRows=0",
                new ApiFailure(422, "backup-service answered 422 UNPROCESSABLE: plain is not captured for point-in-time restore"));

        assertThat(run("changes", "plain")).isEqualTo(ExitCodes.API);
        assertThat(cli.err.toString()).contains("plain is not captured for point-in-time restore");
    }

    @Test
    void aLengthOfTimeItCannotReadIsAUsageErrorShowingHowToWriteOne() {
        assertThat(run("changes", "orders-db", "--since", "5 minutes")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err.toString()).contains("write 90s, 30m, 2h, 1d or PT45M");
        assertThat(new SinceConverter().convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(new SinceConverter().convert("PT45M")).isEqualTo(Duration.ofMinutes(45));
    }
}
