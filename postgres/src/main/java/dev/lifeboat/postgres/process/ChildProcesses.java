package dev.lifeboat.postgres.process;

import dev.lifeboat.postgres.connect.PgConnection;

import java.util.Map;

/** Child processes Lifeboat runs ({@code pg_dump}, {@code pg_restore}): the environment they connect in (stopping one: {@code runtime}'s {@code ChildProcess}). */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * Sets up the environment of a PostgreSQL client child ({@code pg_dump}, {@code pg_restore}): none of this
     * process's {@code PG*} variables leak in, the password goes in {@code PGPASSWORD} (never on the command
     * line, where {@code ps} shows it), the connection's TLS settings in {@code PGSSLMODE} and {@code PGSSLROOTCERT},
     * the server sees {@code applicationName}, and connecting gives up after 10 s.
     *
     * @param server null for a child that connects nowhere (it reads an archive only)
     */
    public static ProcessBuilder connectingAs(ProcessBuilder builder, PgConnection server, String applicationName) {
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        if (server != null && server.password() != null) {
            environment.put("PGPASSWORD", server.password());
        }
        if (server != null && server.tls() != null) {
            server.tls().addTo(environment);
        }
        environment.put("PGAPPNAME", applicationName);
        environment.put("PGCONNECT_TIMEOUT", "10");
        return builder;
    }
}
