package dev.lifeboat.postgres.restore;

/** Where {@code pg_restore} connects; the password goes in the child's environment, never on its command line. */
public record PgConnection(String host, int port, String username, String password) {

    @Override
    public String toString() {
        return username + "@" + host + ":" + port;
    }
}
