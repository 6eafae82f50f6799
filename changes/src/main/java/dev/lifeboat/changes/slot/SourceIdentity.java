package dev.lifeboat.changes.slot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which database a connection reaches, whatever host name it used: the server's system identifier (made by initdb,
 * kept by its replicas and restores of its files) and the database's oid. Two registrations that reach the same one
 * (an IP address and a DNS name, a new load balancer in front) share a slot; a server restored from a dump, or a
 * database dropped and created again, does not.
 */
public record SourceIdentity(long systemIdentifier, long databaseOid) {

    private static final String QUERY = "SELECT system_identifier, (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " FROM pg_control_system()";

    public static SourceIdentity of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
            row.next();
            return new SourceIdentity(row.getLong(1), row.getLong(2));
        }
    }
}
