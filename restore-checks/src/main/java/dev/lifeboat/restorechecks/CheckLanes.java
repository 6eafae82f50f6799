package dev.lifeboat.restorechecks;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections the checks may read a restored database over at once (the restore's jobs): the row digests read every
 * row back, which over one connection would leave the server's other cores idle.
 *
 * @param count  connections at most, at least 1
 * @param opener opens one more connection to the restored database
 */
public record CheckLanes(int count, Opener opener) {

    /** Opens a connection to the restored database. */
    public interface Opener {
        Connection open() throws SQLException;
    }

    /** No other connection: everything is read over the connection the checks were given. */
    public static CheckLanes single() {
        return new CheckLanes(1, () -> {
            throw new IllegalStateException("a single lane reads over the connection the checks were given");
        });
    }

    public CheckLanes {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane, not " + count);
        }
    }
}
