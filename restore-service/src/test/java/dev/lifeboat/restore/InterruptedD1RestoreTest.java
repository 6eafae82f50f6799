package dev.lifeboat.restore;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.d1.lock.D1DatabaseLock;
import dev.lifeboat.events.restore.RestoreFailed;
import dev.lifeboat.realservers.RealServers;
import dev.lifeboat.realservers.postgres.PostgresServer;
import dev.lifeboat.realservers.quarkus.InjectRealServers;
import dev.lifeboat.restore.intake.RestoreRequestRecord;
import dev.lifeboat.service.reactive.ReactiveSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A D1 restore whose worker stopped answering, ended by its recovery from what its journal holds (the run killed
 * mid-load, put back from the live database's export, is {@code RestoreCrashIT}'s): a journal row RUNNING as attempt 1
 * whose heartbeat is a minute old, as the stopped worker left it.
 */
@QuarkusTest
class InterruptedD1RestoreTest {

    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final D1Location LIVE = D1Portal.live(RestoreTestStack.D1_FOLDER);

    @InjectRealServers
    RealServers servers;

    /**
     * Issue 49: a D1 restore's worker that froze with the database's lock (a session of Lifeboat's own database) kept every
     * backup of it waiting, and once resumed went on loading the live database. The recovery ends that lock's session now.
     */
    @Test
    void aD1RestoreWhoseWorkerFrozeHoldingTheDatabasesLockIsEndedWithItsLockAndTheLockIsFreeAgain() throws Exception {
        PostgresServer own = servers.postgres().orElseThrow();
        D1Location live = D1Portal.live(RestoreTestStack.D1_FOLDER);
        String restoreId = UUID.randomUUID().toString();
        String otherRestore = UUID.randomUUID().toString();
        try (Connection frozen = RunningRestores.named(own, "lifeboat restore " + restoreId + "#1");
             Connection recovering = RunningRestores.named(own, "lifeboat restore " + restoreId + "#2");
             Connection another = RunningRestores.named(own, "lifeboat restore " + otherRestore + "#1")) {
            D1DatabaseLock held = D1DatabaseLock.take(() -> frozen, live, Duration.ZERO);
            D1DatabaseLock ownAttempts = D1DatabaseLock.take(() -> recovering, live.sibling("mine", null), Duration.ZERO);
            D1DatabaseLock anothers = D1DatabaseLock.take(() -> another, live.sibling("theirs", null), Duration.ZERO);
            persist(RunningRestores.row(restoreId, RestoreTestStack.D1, "IN_PLACE", RestoreTestStack.D1, null));

            RestoreFailed failed = (RestoreFailed) new Flows(servers).ending(restoreId, WAIT);

            assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
            assertThat(failed.message()).as("no export was kept: its load never began")
                    .endsWith("stopped while the D1 restore ran, before it changed anything: portal is as it was");
            ownAttempts.stillHeld(); // the recovery's own attempt's, and another restore's, are left alone
            anothers.stillHeld();
            assertThatThrownBy(held::stillHeld).as("the frozen worker finds its lock lost").isInstanceOf(D1DatabaseLock.NotHeld.class);
        }
        try (D1DatabaseLock free = D1DatabaseLock.take(() -> own.connect(PostgresServer.DATABASE), live, Duration.ZERO)) {
            free.stillHeld();
        }
    }


    /** Before, the half-filled new database was left as it was, the restore FAILED saying it "may hold part of the backup". */
    @Test
    void aNewDatabaseTheStoppedRestoreWasFillingIsEmptiedAndTheRestoreFailsSayingSo() throws Exception {
        D1Location halfMade = LIVE.sibling("portal_half_" + UUID.randomUUID().toString().substring(0, 8), null);
        D1Portal.QUERIES.execute(halfMade, "CREATE TABLE clients (id INTEGER PRIMARY KEY); INSERT INTO clients VALUES (1);");
        String restoreId = UUID.randomUUID().toString();
        persist(RunningRestores.row(restoreId, RestoreTestStack.D1, "NEW_DATABASE", halfMade.name(), halfMade.name()));

        RestoreFailed failed = (RestoreFailed) new Flows(servers).ending(restoreId, WAIT);

        assertThat(failed.errorCode()).isEqualTo("INTERRUPTED");
        assertThat(failed.message()).endsWith("the new database " + halfMade.name() + " it was filling was removed, and portal was never changed");
        assertThat(D1Portal.QUERIES.tables(halfMade)).isEmpty();
    }

    /** The export a run kept is on the disk of the host that ran it: a recovery elsewhere puts nothing back, and says so. */
    @Test
    void aLiveDatabaseWhoseKeptExportIsNotOnThisHostIsLeftAsItIsAndTheRestoreFailsNamingTheExport() throws Exception {
        Map<String, List<String>> before = D1Portal.rows(LIVE);
        String restoreId = UUID.randomUUID().toString();
        String elsewhere = "/elsewhere/lifeboat-put-back-" + restoreId + ".sql";
        RestoreRequestRecord row = RunningRestores.row(restoreId, RestoreTestStack.D1, "IN_PLACE", RestoreTestStack.D1, null);
        row.putBackExport = elsewhere;
        persist(row);

        RestoreFailed failed = (RestoreFailed) new Flows(servers).ending(restoreId, WAIT);

        assertThat(failed.step()).isEqualTo("ROLLBACK");
        assertThat(failed.errorCode()).isEqualTo("EXPORT_MISSING");
        assertThat(failed.message()).isEqualTo("RECOVERY failed (INTERRUPTED: the restore service stopped while the D1 restore ran), and "
                + "putting portal back failed too: its export, taken before the restore, is not at " + elsewhere + " on this host; "
                + "check portal, and restore again (or restore the safety backup taken before it)");
        assertThat(D1Portal.rows(LIVE)).isEqualTo(before);
    }

    private static void persist(RestoreRequestRecord row) {
        ReactiveSessions.await(() -> Panache.withTransaction(row::persist));
    }
}
