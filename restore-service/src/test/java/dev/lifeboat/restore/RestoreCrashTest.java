package dev.lifeboat.restore;

import dev.lifeboat.events.restore.RestoreCompleted;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.realservers.tokens.LocalTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A restore stopped at each dangerous point (as if its service were killed there: {@code lifeboat.restore.simulate-crash-at},
 * see {@link RestoreTestStack#CRASH_POINTS}) never leaves the live database missing or refusing connections, and is
 * ended from its journal once its heartbeat is stale: FAILED with INTERRUPTED when nothing live had changed,
 * COMPLETED when the swap had committed and the post-swap check passes. A restore's ending is its record's final
 * status and its event, committed together: a crash just after it still publishes the event.
 */
@QuarkusTest
class RestoreCrashTest {

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
    void aCrashBetweenTheTwoRenamesLeavesTheLiveDatabaseAsItWasAndTheRestoreEndsInterrupted() throws Exception {
        String restoreId = inPlaceAfterDeletingRows("crash-renames", "shop_crash_renames");

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.step()).isEqualTo("RECOVERY");
        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        assertThat(failed.message()).contains("shop_crash_renames is as it was and accepts connections", "was dropped");
        assertLiveAsBefore("shop_crash_renames");
        assertThat(TestDatabases.databasesLike(postgres, "shop_crash_renames_pre_restore_%")).isEmpty();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("error.code", equalTo("INTERRUPTED")).body("preRestoreDatabase", equalTo(null));
    }

    @Test
    void aCrashAfterTheLiveDatabaseRefusedConnectionsLetsItAcceptThemAgain() throws Exception {
        String restoreId = inPlaceAfterDeletingRows("crash-refused", "shop_crash_refused");

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        assertLiveAsBefore("shop_crash_refused");
    }

    @Test
    void aCrashAfterTheSwapCommittedCompletesTheRestoreOnceThePostSwapCheckPasses() throws Exception {
        String restoreId = inPlaceAfterDeletingRows("crash-swapped", "shop_crash_swapped");

        RestoreCompleted completed = flows.completed(restoreId, WAIT);
        assertThat(completed.targetDatabase()).isEqualTo("shop_crash_swapped");
        assertThat(completed.rowsRestored()).isPositive();
        assertThat(TestDatabases.count(postgres, "shop_crash_swapped", "SELECT count(*) FROM orders")).isEqualTo(2000);
        assertThat(TestDatabases.databasesLike(postgres, "shop_crash_swapped_pre_restore_%")).hasSize(1);
        assertThat(TestDatabases.databasesLike(postgres, "shop_crash_swapped_restore_%")).isEmpty();
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
    }

    @Test
    void aCrashWhileANewDatabaseIsFilledDropsTheHalfMadeDatabase() throws Exception {
        flows.backup("crash-copy");
        String restoreId = flows.restore("""
                {"databaseId":"crash-copy","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"crash_copy_new"}}""");

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        assertThat(failed.message()).contains("crash_copy_new was dropped");
        assertThat(TestDatabases.databasesLike(postgres, "crash_copy_new")).isEmpty();
        assertThat(TestDatabases.count(postgres, "shop_crash_copy", "SELECT count(*) FROM orders")).isEqualTo(2000);
    }

    @Test
    void aCrashAfterATablesRowsWereReplacedButNotCommittedLeavesTheLiveTableAsItWas() throws Exception {
        flows.backup("crash-rows");
        RestoreTestStack.shop().asOwner("shop_crash_rows", "DELETE FROM orders WHERE id <= 300");
        String restoreId = flows.restore("""
                {"databaseId":"crash-rows","source":{"kind":"LATEST"},"target":{"kind":"TABLES","tables":["public.orders"]},"safetyBackup":false}""");

        RestoreFailed failed = flows.restoreEvents.await(RestoreFailed.class, restoreId, WAIT).data();
        assertThat(failed.step()).isEqualTo("RECOVERY");
        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        assertLiveAsBefore("shop_crash_rows");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("FAILED"));
    }

    @Test
    void aCrashJustAfterARestoreEndedStillPublishesTheEventThatSaysSo() {
        flows.backup("crash-ended");
        String restoreId = flows.restore("""
                {"databaseId":"crash-ended","source":{"kind":"LATEST"},"target":{"kind":"NEW_DATABASE","databaseName":"crash_ended_new"}}""");

        RestoreCompleted completed = flows.completed(restoreId, Duration.ofMinutes(1));
        assertThat(completed.targetDatabase()).isEqualTo("crash_ended_new");
        given().auth().oauth2(LocalTokens.forTest("viewer")).when().get("/api/restores/" + restoreId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));
    }

    /** A backup, 300 orders deleted, then an IN_PLACE restore without a safety backup; returns its id. */
    private String inPlaceAfterDeletingRows(String databaseId, String database) {
        flows.backup(databaseId);
        RestoreTestStack.shop().asOwner(database, "DELETE FROM orders WHERE id <= 300");
        return flows.restore("""
                {"databaseId":"%s","source":{"kind":"LATEST"},"target":{"kind":"IN_PLACE","confirmed":true},"safetyBackup":false}"""
                .formatted(databaseId));
    }

    /** The live database exists under its name, accepts a new connection, and still has the rows it had before the restore. */
    private void assertLiveAsBefore(String database) throws SQLException {
        try (Connection connection = postgres.connect(database)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(TestDatabases.count(postgres, database, "SELECT count(*) FROM orders")).isEqualTo(1700);
        assertThat(TestDatabases.databasesLike(postgres, database + "_restore_%")).isEmpty();
    }
}
