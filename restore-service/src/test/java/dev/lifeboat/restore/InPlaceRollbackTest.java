package dev.lifeboat.restore;

import dev.lifeboat.events.backup.BackupCompleted;
import dev.lifeboat.events.data.EventData;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.events.restore.RestoreRolledBack;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * IN_PLACE on PostgreSQL after the swap: a failed check puts the previous database back (ROLLBACK); when putting it
 * back fails too, the restore fails saying first why it was being put back, and the database that is live stays open.
 */
@QuarkusTest
class InPlaceRollbackTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @InjectRealServers
    RealServers servers;

    private PostgresServer postgres;
    private Flows flows;

    @BeforeEach
    void connect() {
        postgres = servers.postgres().orElseThrow();
        flows = new Flows(servers);
    }

    @Test
    void aFailedCheckAfterTheSwapRollsBack() throws Exception {
        flows.backup("rollback");
        RestoreTestStack.shop().asOwner("shop_rollback", "CREATE TABLE " + RestoreTestStack.ADDED_AFTER_BACKUP + " (id int); DELETE FROM orders WHERE id <= 10");

        String restoreId = flows.restore("""
                {"databaseId":"rollback","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}""");

        RestoreRolledBack rolledBack = flows.restoreEvents.await(RestoreRolledBack.class, restoreId, WAIT).data();
        assertThat(rolledBack.step()).isEqualTo("POST_SWAP_CHECK");
        assertThat(rolledBack.reason()).contains("smoke query");
        assertThat(TestDatabases.count(postgres, "shop_rollback", "SELECT count(*) FROM orders")).isEqualTo(1990);
        assertThat(TestDatabases.count(postgres, "shop_rollback", "SELECT count(*) FROM " + RestoreTestStack.ADDED_AFTER_BACKUP)).isZero();
        assertThat(TestDatabases.databasesLike(postgres, "shop_rollback_%")).isEmpty();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("ROLLED_BACK"))
                .body("error.step", equalTo("POST_SWAP_CHECK"))
                .body("rowsRestored", nullValue()) // journaled before the swap, which was undone
                .body("validations", equalTo(List.of()));
    }

    /**
     * The {@code putback} database's smoke query takes the set-aside database away (renamed, committed) and then fails,
     * so the ROLLBACK that follows cannot find it. Before, the ROLLBACK's failure replaced the check's, and the restored
     * copy was left live but refusing every connection.
     */
    @Test
    void aRollbackThatFailsTooSaysFirstWhyItRanAndLeavesTheLiveDatabaseOpen() throws Exception {
        BackupCompleted backup = flows.backup(RestoreTestStack.PUT_BACK);
        String live = RestoreTestStack.DATABASES.get(RestoreTestStack.PUT_BACK);
        RestoreTestStack.shop().asOwner(live, "DELETE FROM orders WHERE id <= 10");

        String restoreId = flows.restore("""
                {"databaseId":"%s","source":{"kind":"BACKUP_ID","backupId":"%s"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}"""
                .formatted(RestoreTestStack.PUT_BACK, backup.backupId()));

        EventData ending = flows.ending(restoreId, WAIT);
        assertThat(ending).isInstanceOf(RestoreFailed.class);
        RestoreFailed failed = (RestoreFailed) ending;
        assertThat(failed.step()).isEqualTo("ROLLBACK");
        assertThat(failed.message()).startsWith("POST_SWAP_CHECK failed (POST_SWAP_CHECK_FAILED: the configured smoke query failed: ")
                .contains("the set-aside database is taken away", "and putting " + live + " back failed too: ");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("error.step", equalTo("ROLLBACK"))
                .body("error.message", startsWith("POST_SWAP_CHECK failed"))
                .body("stagingDatabase", nullValue()); // the failed copy's name, journaled before the swap back, was never made
        // the restored copy stayed live, open to its clients, with the backup's rows; the previous database is where it was taken
        assertThat(TestDatabases.count(postgres, live, "SELECT count(*) FROM orders")).isEqualTo(backup.tableRowCounts().get("public.orders"));
        assertThat(TestDatabases.databasesLike(postgres, RestoreTestStack.TAKEN_AWAY)).hasSize(1);
        assertThat(TestDatabases.count(postgres, RestoreTestStack.TAKEN_AWAY, "SELECT count(*) FROM orders"))
                .isEqualTo(backup.tableRowCounts().get("public.orders") - 10);
    }
}
