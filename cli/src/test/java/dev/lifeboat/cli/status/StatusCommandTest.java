package dev.lifeboat.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.cli.CommandLineRun;
import dev.lifeboat.cli.api.Service;
import dev.lifeboat.cli.command.ExitCodes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lifeboat status} over canned answers: its table, its AT RISK lines, its JSON document and its exit status. */
class StatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static final String ORDERS = "{\"id\":\"orders-db\",\"rpo\":\"PT24H\",\"nextBackupAt\":\"2026-11-24T02:00:00Z\"}";
    private static final String USERS = "{\"id\":\"users-db\",\"rpo\":\"PT6H\"}";
    private static final String REPORTS = "{\"id\":\"reports-db\",\"rpo\":\"PT6H\"}";
    private static final String FRESH = "{\"id\":\"fresh-db\"}";

    private final FleetAnswers api = new FleetAnswers();
    private final CommandLineRun cli = new CommandLineRun(api, NOW);

    private int run(String... args) {
        return cli.run(args);
    }

    /** Backed up 2h ago (4.1 MB), verified, restore-tested a day ago in 4.2 s; next backup in 14h. */
    private void ordersProtected() {
        api.history("orders-db", "{\"backupId\":\"b1\",\"completedAt\":\"2026-11-23T10:00:00Z\",\"sizeBytes\":4100000}",
                "{\"status\":\"PASSED\",\"verifiedAt\":\"2026-11-23T10:30:00Z\"}",
                "{\"state\":\"PROTECTED\",\"protectedUntil\":\"2026-11-23T10:00:00Z\"}",
                "{\"testId\":\"t1\",\"status\":\"PASSED\",\"finishedAt\":\"2026-11-22T12:00:00Z\",\"restoreMs\":4200}");
    }

    /** Backed up 45m ago (512 B), verified, restore-tested 6h ago in 850 ms; with a 6h RPO and no schedule. */
    private void usersProtected() {
        api.history("users-db", "{\"completedAt\":\"2026-11-23T11:15:00Z\",\"sizeBytes\":512}",
                "{\"status\":\"PASSED\",\"verifiedAt\":\"2026-11-23T11:20:00Z\"}",
                "{\"state\":\"PROTECTED\",\"protectedUntil\":\"2026-11-23T11:15:00Z\"}",
                "{\"testId\":\"t2\",\"status\":\"PASSED\",\"finishedAt\":\"2026-11-23T06:00:00Z\",\"restoreMs\":850}");
    }

    /** Newest backup 1h ago still being verified; the newest verified one 18h old against a 6h RPO; tested 3 days ago. */
    private void reportsStale() {
        api.history("reports-db", "{\"completedAt\":\"2026-11-23T11:00:00Z\",\"sizeBytes\":2500000000}",
                "{\"status\":\"PENDING\"}",
                "{\"state\":\"PROTECTED\",\"protectedUntil\":\"2026-11-22T18:00:00Z\"}",
                "{\"testId\":\"t3\",\"status\":\"PASSED\",\"finishedAt\":\"2026-11-20T12:00:00Z\",\"restoreMs\":125000}");
    }

    /** The cells of a database's row: columns are at least two spaces apart, a cell has single spaces only. */
    private List<String> row(String databaseId) {
        String line = cli.out.toString().lines().filter(l -> l.startsWith(databaseId + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + databaseId + " in:\n" + cli.out));
        return List.of(line.split("\\s{2,}"));
    }

    private List<String> atRiskLines() {
        return cli.out.toString().lines().filter(l -> l.startsWith("AT RISK")).toList();
    }

    @Test
    void aFleetAllProtectedPrintsTheAlignedTableAndSaysSoExitingZero() {
        api.idleFleet(ORDERS, USERS);
        ordersProtected();
        usersProtected();

        assertThat(run("status")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString().lines()).containsExactly(
                "DATABASE   LAST BACKUP  SIZE    VERIFIED           RESTORE TEST      RTO     RPO                NEXT BACKUP  RUNNING",
                "orders-db  2h 0m ago    4.1 MB  PASSED 1h 30m ago  PASSED 1d 0h ago  4.2 s   ok 2h 0m / 1d 0h   in 14h 0m    -",
                "users-db   45m 0s ago   512 B   PASSED 40m 0s ago  PASSED 6h 0m ago  850 ms  ok 45m 0s / 6h 0m  -            -",
                "Every database is protected.");
        assertThat(cli.err.toString()).isEmpty();
    }

    @Test
    void aDatabaseWithoutABackupIsAtRiskWithDashesNeverAndNoneVerifiedInItsRowAndExitsOne() {
        api.idleFleet(ORDERS, FRESH);
        ordersProtected();
        api.history("fresh-db", null, null, null, "");

        assertThat(run("status")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(row("fresh-db")).containsExactly("fresh-db", "-", "-", "-", "never", "-", "none verified", "-", "-");
        assertThat(atRiskLines()).containsExactly("AT RISK fresh-db: no backup yet",
                "AT RISK fresh-db: never restore-tested: a backup never restored is a hope (lifeboat restore-test fresh-db)");
        assertThat(cli.out.toString()).doesNotContain("Every database is protected.");
    }

    @Test
    void theAtRiskLinesComeAfterTheTable() {
        api.idleFleet(FRESH, ORDERS);
        api.history("fresh-db", null, null, null, "");
        ordersProtected();

        assertThat(run("status")).isEqualTo(ExitCodes.NOT_OK);

        List<String> lines = cli.out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("DATABASE ");
        assertThat(lines.get(1)).startsWith("fresh-db ");
        assertThat(lines.get(2)).startsWith("orders-db ");
        assertThat(lines.subList(3, lines.size())).allMatch(line -> line.startsWith("AT RISK fresh-db: ")).hasSize(2);
    }

    @Test
    void aDatabaseNeverRestoreTestedIsAtRiskEvenWhileItsFirstRestoreTestRuns() {
        api.idleFleet(USERS);
        api.history("users-db", "{\"completedAt\":\"2026-11-23T11:15:00Z\",\"sizeBytes\":512}",
                "{\"status\":\"PASSED\",\"verifiedAt\":\"2026-11-23T11:20:00Z\"}",
                "{\"state\":\"PROTECTED\",\"protectedUntil\":\"2026-11-23T11:15:00Z\"}",
                "{\"testId\":\"t9\",\"status\":\"RUNNING\"}");

        assertThat(run("status")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(row("users-db")).containsExactly("users-db", "45m 0s ago", "512 B", "PASSED 40m 0s ago", "never", "-",
                "ok 45m 0s / 6h 0m", "-", "restore test t9");
        assertThat(atRiskLines()).containsExactly(
                "AT RISK users-db: never restore-tested: a backup never restored is a hope (lifeboat restore-test users-db)");
    }

    @Test
    void aNewestVerifiedBackupOlderThanTheRpoIsExceededAndAtRiskThoughANewerOneAwaitsVerification() {
        api.idleFleet(ORDERS, REPORTS);
        ordersProtected();
        reportsStale();

        assertThat(run("status")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(row("reports-db")).containsExactly("reports-db", "1h 0m ago", "2.5 GB", "PENDING", "PASSED 3d 0h ago", "2m 5s",
                "EXCEEDED 18h 0m / 6h 0m", "-", "-");
        assertThat(atRiskLines()).containsExactly(
                "AT RISK reports-db: RPO exceeded: the newest verified moment is 18h 0m old, the RPO is 6h 0m");
    }

    @Test
    void aVerifierNotReachableExitsThreeWithItsOneLineAndPrintsNoTable() {
        api.idleFleet(ORDERS).unreachable(Service.VERIFIER);
        ordersProtected();

        assertThat(run("status")).isEqualTo(ExitCodes.API);

        assertThat(cli.err.toString()).isEqualTo("lifeboat: verifier-service is not reachable at http://127.0.0.1:8083 (is the stack up?"
                + " set LIFEBOAT_VERIFIER_URL for another address)" + System.lineSeparator());
        assertThat(cli.out.toString()).isEmpty();
    }

    @Test
    void aBackupServiceNotReachableExitsThreeAfterItsFirstCallWithAndWithoutJson() {
        api.unreachable(Service.BACKUP);

        assertThat(run("status")).isEqualTo(ExitCodes.API);
        assertThat(run("status", "--json")).isEqualTo(ExitCodes.API);

        assertThat(api.calls).containsExactly("BACKUP /api/backups/requests?status=RUNNING&size=500",
                "BACKUP /api/backups/requests?status=RUNNING&size=500");
        assertThat(cli.err.toString().lines()).hasSize(2).allMatch(line -> line.startsWith("lifeboat: backup-service is not reachable at "));
        assertThat(cli.out.toString()).isEmpty();
    }

    @Test
    void jsonIsOneDocumentWithEachDatabasesFactsAndRisksAndNoTableOrLines() throws Exception {
        api.idleFleet(ORDERS, REPORTS);
        ordersProtected();
        reportsStale();

        assertThat(run("status", "--json")).isEqualTo(ExitCodes.NOT_OK);

        assertThat(cli.out.toString()).doesNotContain("AT RISK", "DATABASE", "protected.");
        JsonNode document = JSON.readTree(cli.out.toString());
        assertThat(document.isArray()).isTrue();
        assertThat(document.size()).isEqualTo(2);

        JsonNode orders = document.get(0);
        assertThat(orders.path("databaseId").asText()).isEqualTo("orders-db");
        assertThat(orders.path("protected").asBoolean()).isTrue();
        assertThat(orders.path("lastBackupAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(orders.path("lastBackupBytes").asLong()).isEqualTo(4_100_000L);
        assertThat(orders.path("lastVerification").asText()).isEqualTo("PASSED");
        assertThat(orders.path("protectedUntil").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(orders.path("rpo").asText()).isEqualTo("PT24H");
        assertThat(orders.path("rpoAgeSeconds").asLong()).isEqualTo(7200L);
        assertThat(orders.path("lastRestoreTest").asText()).isEqualTo("PASSED");
        assertThat(orders.path("lastRestoreTestAt").asText()).isEqualTo("2026-11-22T12:00:00Z");
        assertThat(orders.path("lastRestoreTestRestoreMs").asLong()).isEqualTo(4200L);
        assertThat(orders.path("nextBackupAt").asText()).isEqualTo("2026-11-24T02:00:00Z");
        assertThat(orders.path("running").isArray()).isTrue();
        assertThat(orders.path("running").size()).isZero();
        assertThat(orders.path("risks").isArray()).isTrue();
        assertThat(orders.path("risks").size()).isZero();

        JsonNode reports = document.get(1);
        assertThat(reports.path("databaseId").asText()).isEqualTo("reports-db");
        assertThat(reports.path("protected").asBoolean()).isFalse();
        assertThat(reports.path("lastVerification").asText()).isEqualTo("PENDING");
        assertThat(reports.path("rpo").asText()).isEqualTo("PT6H");
        assertThat(reports.path("rpoAgeSeconds").asLong()).isEqualTo(18 * 3600L);
        assertThat(reports.path("nextBackupAt").isNull()).isTrue();
        assertThat(reports.path("risks").size()).isEqualTo(1);
        assertThat(reports.path("risks").get(0).asText())
                .isEqualTo("RPO exceeded: the newest verified moment is 18h 0m old, the RPO is 6h 0m");
    }

    @Test
    void aNewestBackupStoredUnencryptedIsANoteAfterTheTableNotARiskAndInTheJson() throws Exception {
        api.idleFleet(USERS);
        api.history("users-db", "{\"completedAt\":\"2026-11-23T11:15:00Z\",\"sizeBytes\":512,\"encrypted\":false}",
                "{\"status\":\"PASSED\",\"verifiedAt\":\"2026-11-23T11:20:00Z\"}",
                "{\"state\":\"PROTECTED\",\"protectedUntil\":\"2026-11-23T11:15:00Z\"}",
                "{\"testId\":\"t2\",\"status\":\"PASSED\",\"finishedAt\":\"2026-11-23T06:00:00Z\",\"restoreMs\":850}");

        assertThat(run("status")).as("nothing at risk").isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString().lines().toList()).endsWith("NOTE users-db: its newest backup is stored unencrypted: the backup "
                + "service has no active encryption key (lifeboat.encryption.required=false); anyone who can read the bucket can "
                + "read the data", "Every database is protected.");
        assertThat(atRiskLines()).isEmpty();

        CommandLineRun again = new CommandLineRun(api, NOW);
        again.run("status", "--json");
        JsonNode users = JSON.readTree(again.out.toString()).get(0);
        assertThat(users.path("lastBackupEncrypted").asBoolean(true)).isFalse();
        assertThat(users.path("notices").get(0).asText()).startsWith("its newest backup is stored unencrypted");
    }

    @Test
    void jsonOfADatabaseWithoutABackupHasNullsWhereThereIsNothingYet() throws Exception {
        api.idleFleet(FRESH);
        api.history("fresh-db", null, null, null, "");

        assertThat(run("status", "--json")).isEqualTo(ExitCodes.NOT_OK);

        JsonNode fresh = JSON.readTree(cli.out.toString()).get(0);
        for (String field : List.of("lastBackupAt", "lastBackupBytes", "lastVerification", "protectedUntil", "rpoAgeSeconds",
                "lastRestoreTest", "lastRestoreTestAt", "lastRestoreTestRestoreMs", "nextBackupAt")) {
            assertThat(fresh.has(field)).as(field + " present").isTrue();
            assertThat(fresh.get(field).isNull()).as(field + " null").isTrue();
        }
        assertThat(fresh.path("rpo").asText()).as("the default RPO").isEqualTo("PT24H");
        assertThat(fresh.path("risks").size()).isEqualTo(2);
    }

    @Test
    void anEmptyFleetSaysHowToRegisterADatabaseAndExitsZero() {
        api.idleFleet();

        assertThat(run("status")).isEqualTo(ExitCodes.OK);

        assertThat(cli.out.toString().lines())
                .containsExactly("No database is registered yet: POST /api/databases on the backup service (see the README).");
    }

    @Test
    void anEmptyFleetInJsonIsAnEmptyArray() throws Exception {
        api.idleFleet();

        assertThat(run("status", "--json")).isEqualTo(ExitCodes.OK);

        JsonNode document = JSON.readTree(cli.out.toString());
        assertThat(document.isArray()).isTrue();
        assertThat(document.size()).isZero();
        assertThat(cli.out.toString()).doesNotContain("No database");
    }
}
