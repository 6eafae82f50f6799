package dev.lifeboat.d1.lock;

import dev.lifeboat.d1.D1Location;
import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The D1 lock on a real PostgreSQL 15 standing in for Lifeboat's own database, taken as two services would. */
class D1DatabaseLockTest {

    private static final Path FOLDER = Path.of("target", "d1-lock-test");
    private static final D1Location PORTAL = new D1Location("portal", null, null, FOLDER, null);
    private static PostgresServer postgres;

    @BeforeAll
    static void ownDatabase() {
        postgres = PostgresServer.start(); // with Lifeboat's own database, PostgresServer.DATABASE
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void aSecondHolderOfOneDatabaseWaitsOutItsWaitAndIsRefusedWhileAnotherDatabaseIsFree() throws Exception {
        try (D1DatabaseLock held = take(PORTAL, Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            // another registration of the same database: the same folder (written otherwise) and name
            D1Location again = new D1Location("portal", null, null, FOLDER.toAbsolutePath().resolve("x").resolve(".."), null);
            assertThatThrownBy(() -> take(again, Duration.ofMillis(600)))
                    .isInstanceOfSatisfying(D1DatabaseLock.NotHeld.class, e -> assertThat(e.why()).isEqualTo(D1DatabaseLock.NotHeld.Why.BUSY))
                    .hasMessage(again + " stayed locked by another backup or restore for PT0.6S");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it waited before refusing").isGreaterThan(Duration.ofMillis(500));
            try (D1DatabaseLock other = take(PORTAL.sibling("shop", null), Duration.ZERO);
                 D1DatabaseLock remote = take(new D1Location("portal", "0a1b", "acc-1", null, "env:LIFEBOAT_DB_TOKEN"), Duration.ZERO)) {
                assertThat(sessionsHolding()).isEqualTo(3);
            }
            assertThat(sessionsHolding()).as("the refused taker's session holds nothing and is gone").isEqualTo(1);
            held.stillHeld();
        }
        assertThat(sessionsHolding()).isZero();
    }

    @Test
    void aWaitingTakerGetsTheLockOnceItsHolderEnds() throws Exception {
        D1Location orders = PORTAL.sibling("orders", null);
        D1DatabaseLock first = take(orders, Duration.ZERO);
        CompletableFuture<D1DatabaseLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return take(orders, Duration.ofSeconds(10));
            } catch (D1DatabaseLock.NotHeld e) {
                throw new IllegalStateException(e);
            }
        });
        await("the second taker waits while the first holds it").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> !second.isDone());

        first.close();

        try (D1DatabaseLock taken = second.get(10, TimeUnit.SECONDS)) {
            assertThat(sessionsHolding()).isEqualTo(1);
        }
    }

    @Test
    void aHolderWhoseSessionIsKilledLearnsItLostTheLockAndAnotherTakesIt() throws Exception {
        D1Location killed = PORTAL.sibling("killed", null);
        D1DatabaseLock held = take(killed, Duration.ZERO);
        postgres.execute(PostgresServer.DATABASE, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                + D1DatabaseLock.CLASS_ID);

        assertThatThrownBy(held::stillHeld).isInstanceOfSatisfying(D1DatabaseLock.NotHeld.class,
                e -> assertThat(e.why()).isEqualTo(D1DatabaseLock.NotHeld.Why.OWN_DATABASE)).hasMessageContaining("was lost");
        try (D1DatabaseLock taken = take(killed, Duration.ofSeconds(5))) {
            assertThat(sessionsHolding()).isEqualTo(1);
        }
        held.close();
    }

    @Test
    void aHolderTheTakerEndsGivesUpTheLockAtOnceAndOneItLeavesAloneIsWaitedFor() throws Exception {
        D1Location frozen = PORTAL.sibling("frozen", null);
        D1DatabaseLock stale = D1DatabaseLock.take(() -> named("lifeboat backup request-1#1"), frozen, Duration.ZERO);
        List<String> seen = new CopyOnWriteArrayList<>();
        D1DatabaseLock.Holders leaveOthers = (session, pid, holder) -> {
            seen.add(holder);
            if (!holder.endsWith("#1")) {
                return false;
            }
            try (Statement end = session.createStatement()) {
                return end.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
        };

        try (D1DatabaseLock taken = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), frozen, Duration.ZERO, leaveOthers)) {
            assertThat(seen).as("the holder, by its session's name").startsWith("lifeboat backup request-1#1");
            assertThatThrownBy(stale::stillHeld).isInstanceOf(D1DatabaseLock.NotHeld.class);
            assertThat(sessionsHolding()).isEqualTo(1);

            seen.clear();
            long started = System.nanoTime();
            assertThatThrownBy(() -> D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), frozen, Duration.ofMillis(600),
                    leaveOthers)).isInstanceOfSatisfying(D1DatabaseLock.NotHeld.class,
                    e -> assertThat(e.why()).isEqualTo(D1DatabaseLock.NotHeld.Why.BUSY));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it waited before refusing").isGreaterThan(Duration.ofMillis(500));
            assertThat(seen).as("a holder it left alone, asked about while it waited").isNotEmpty().noneMatch(holder -> holder.endsWith("#1"));
            taken.stillHeld();
        }
        stale.close();
    }

    @Test
    void anOwnDatabaseThatDoesNotAnswerIsRefusedAtOnceNotWaitedFor() {
        assertThatThrownBy(() -> D1DatabaseLock.take(() -> postgres.connect("no_such_database"), PORTAL, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(D1DatabaseLock.NotHeld.class, e -> assertThat(e.why()).isEqualTo(D1DatabaseLock.NotHeld.Why.OWN_DATABASE))
                .hasMessageStartingWith("Lifeboat's own database did not answer for the lock of " + PORTAL);
    }

    private static D1DatabaseLock take(D1Location location, Duration wait) throws D1DatabaseLock.NotHeld {
        return D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), location, wait);
    }

    private static Connection named(String applicationName) throws SQLException {
        Connection session = postgres.connect(PostgresServer.DATABASE);
        try (Statement statement = session.createStatement()) {
            statement.execute("SET application_name = '" + applicationName + "'");
        }
        return session;
    }

    private static long sessionsHolding() throws SQLException {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = "
                     + D1DatabaseLock.CLASS_ID)) {
            result.next();
            return result.getLong(1);
        }
    }

}
