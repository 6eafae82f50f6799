package dev.lifeboat.cli.backup;

import dev.lifeboat.cli.CommandLineRun;
import dev.lifeboat.cli.api.ApiFailure;
import dev.lifeboat.cli.api.CannedApi;
import dev.lifeboat.cli.command.ExitCodes;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lifeboat backups DB --deleted} and {@code lifeboat undelete BACKUP} over canned answers of the backup service. */
class DeletedBackupsCommandTest {

    private final CannedApi api = new CannedApi();
    private final CommandLineRun cli = new CommandLineRun(api, Instant.parse("2026-11-28T05:00:00Z"));

    @Test
    void theDeletedBackupsAreListedWithWhoWhyAndUntilWhenTheyCanBeUndeleted() {
        api.answer("GET", "/api/deleted-backups?databaseId=orders-db", "[{\"backup\":{\"backupId\":\"b-7\",\"completedAt\":\"2026-11-27T02:00:04Z\"},"
                + "\"deletedAt\":\"2026-11-28T04:10:00Z\",\"deletedBy\":\"alice\",\"reason\":\"a delete call\",\"purgeAfter\":\"2026-12-05T04:10:00Z\","
                + "\"purging\":false},{\"backup\":{\"backupId\":\"b-1\",\"completedAt\":\"2026-11-01T02:00:00Z\"},\"deletedAt\":\"2026-11-20T00:00:00Z\","
                + "\"deletedBy\":\"retention\",\"reason\":\"expired by retention (keep-last 7)\",\"purgeAfter\":null,\"purging\":true}]");

        assertThat(cli.run("backups", "orders-db", "--deleted")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("UNDELETE UNTIL", "b-7", "alice", "a delete call", "2026-12-05T04:10:00Z",
                "b-1", "retention", "expired by retention (keep-last 7)", "being purged", "Bring one back: lifeboat undelete <backup>");
        assertThat(api.calls).containsExactly("BACKUP /api/deleted-backups?databaseId=orders-db");
    }

    @Test
    void noDeletedBackupIsSaid() {
        api.answer("GET", "/api/deleted-backups?databaseId=orders-db", "[]");

        assertThat(cli.run("backups", "orders-db", "--deleted")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString()).contains("orders-db has no deleted backup kept");
    }

    @Test
    void undeleteSaysTheBackupIsBackAndAPurgedOneIsTheServicesRefusal() {
        api.answer("POST", "/api/deleted-backups/b-7/undelete", "{\"backupId\":\"b-7\",\"databaseId\":\"orders-db\",\"completedAt\":\"2026-11-27T02:00:04Z\"}");
        api.answer("POST", "/api/deleted-backups/b-1/undelete", new ApiFailure(410, "backup b-1 was kept after its deletion until"
                + " lifeboat.backup.deleted-kept-for passed, and is being purged"));

        assertThat(cli.run("undelete", "b-7")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("Undeleted: backup b-7 of orders-db (completed 2026-11-27T02:00:04Z) is listed and restorable again");
        assertThat(cli.run("undelete", "b-1")).isEqualTo(ExitCodes.API);
        assertThat(cli.err.toString()).contains("is being purged");
    }

    @Test
    void purgeSaysGoneOrThatASecondAdminMustAskToo() {
        api.answer("POST", "/api/deleted-backups/b-7/purge", "{\"backupId\":\"b-7\",\"purged\":true,\"requestedBy\":\"alice\"}");
        api.answer("POST", "/api/deleted-backups/b-9/purge", "{\"backupId\":\"b-9\",\"purged\":false,\"requestedBy\":\"alice\","
                + "\"awaiting\":\"its database's last verified backup: another admin's POST /api/deleted-backups/b-9/purge within 24 hours purges it\"}");

        assertThat(cli.run("purge", "b-7")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out.toString()).contains("Purged: backup b-7 is gone for good.");
        assertThat(cli.run("purge", "b-9")).isEqualTo(ExitCodes.NOT_OK);
        assertThat(cli.out.toString()).contains("Not purged yet: backup b-9 is its database's last verified backup: another admin's",
                "(asked by alice)");
    }
}
