package dev.lifeboat.d1.lock;

import dev.lifeboat.realservers.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The D1 lock on a real PostgreSQL 15 standing in for Lifeboat's own database, taken as two services would. */
class D1DatabaseLockTest {

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
        try (D1DatabaseLock held = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "portal-d1", Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "portal-d1", Duration.ofMillis(600)))
                    .isInstanceOf(D1DatabaseLock.Busy.class)
                    .hasMessage("database portal-d1 stayed locked by another backup or restore for PT0.6S");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("it waited before refusing").isGreaterThan(Duration.ofMillis(500));
            try (D1DatabaseLock other = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "shop-d1", Duration.ZERO)) {
                assertThat(sessionsHolding()).isEqualTo(2);
            }
            assertThat(sessionsHolding()).as("the refused taker's session holds nothing and is gone").isEqualTo(1);
        }
        assertThat(sessionsHolding()).isZero();
    }

    @Test
    void aWaitingTakerGetsTheLockOnceItsHolderEnds() throws Exception {
        D1DatabaseLock first = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "orders-d1", Duration.ZERO);
        Thread release = new Thread(() -> {
            sleep(700);
            first.close();
        });
        release.start();
        try (D1DatabaseLock second = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "orders-d1", Duration.ofSeconds(10))) {
            assertThat(sessionsHolding()).isEqualTo(1);
        }
        release.join();
    }

    @Test
    void aHolderWhoseSessionIsKilledReleasesTheLock() throws Exception {
        D1DatabaseLock held = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "killed-d1", Duration.ZERO);
        postgres.execute(PostgresServer.DATABASE, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                + D1DatabaseLock.CLASS_ID);
        try (D1DatabaseLock taken = D1DatabaseLock.take(() -> postgres.connect(PostgresServer.DATABASE), "killed-d1", Duration.ofSeconds(5))) {
            assertThat(sessionsHolding()).isEqualTo(1);
        }
        held.close();
    }

    @Test
    void anOwnDatabaseThatDoesNotAnswerIsAnSqlExceptionNotAWait() {
        assertThatThrownBy(() -> D1DatabaseLock.take(() -> postgres.connect("no_such_database"), "portal-d1", Duration.ofMinutes(1)))
                .isInstanceOf(SQLException.class);
    }

    private static long sessionsHolding() throws SQLException {
        try (Connection connection = postgres.connect(PostgresServer.DATABASE); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = "
                     + D1DatabaseLock.CLASS_ID)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
