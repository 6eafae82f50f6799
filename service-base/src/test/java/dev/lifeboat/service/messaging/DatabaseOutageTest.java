package dev.lifeboat.service.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

    /** What the reactive client throws for a server's error (its PgException is one). */
    private static DatabaseException serverError(String sqlState) {
        return new DatabaseException("server said no", 0, sqlState, null) {
        };
    }

    @Test
    void aServerThatIsDownRestartingOrOutOfConnectionsIsAnOutage() {
        for (String state : new String[] {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300", "25006"}) {
            assertThat(DatabaseOutage.isOutage(serverError(state))).as(state).isTrue();
            assertThat(DatabaseOutage.isOutage(new SQLException("jdbc", state))).as(state).isTrue();
        }
    }

    @Test
    void aFaultOfTheStatementOrItsDataIsNotAnOutage() {
        for (String state : new String[] {"23505", "23503", "42601", "42P01", "22001", "40001", "40P01", "57014", "XX000", "08P01"}) {
            assertThat(DatabaseOutage.isOutage(serverError(state))).as(state).isFalse();
            assertThat(DatabaseOutage.isOutage(new SQLException("jdbc", state))).as(state).isFalse();
        }
        assertThat(DatabaseOutage.isOutage(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalArgumentException("bad event"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IOException("disk full"))).isFalse();
    }

    @Test
    void aConnectionRefusedResetClosedUnresolvedOrNotGivenInTimeIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SocketException("Connection reset"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new UnknownHostException("lifeboat-postgres"))).isTrue();
        assertThat(DatabaseOutage.isOutage(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseOutage.isOutage(new java.util.concurrent.TimeoutException("Timeout"))).isTrue();
    }

    @Test
    void anOutageIsFoundUnderTheWrappersOfTheClientAndHibernate() {
        Throwable wrapped = new CompletionException(new IllegalStateException("hibernate",
                new RuntimeException("jdbc", serverError("57P01"))));
        assertThat(DatabaseOutage.isOutage(wrapped)).isTrue();
        assertThat(DatabaseOutage.isOutage(new CompletionException(new IllegalStateException("x",
                new IllegalArgumentException("y"))))).isFalse();
    }

    @Test
    void aCauseChainThatLoopsIsWalkedOnceAndEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DatabaseOutage.isOutage(first)).isFalse();
    }
}
