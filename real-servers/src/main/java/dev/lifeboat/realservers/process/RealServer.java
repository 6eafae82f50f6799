package dev.lifeboat.realservers.process;

import java.util.Map;

/** A real server started on loopback: its connection settings as configuration properties. */
public interface RealServer extends AutoCloseable {

    /** Configuration properties a Quarkus service needs to reach this server (no secret of a user's). */
    Map<String, String> settings();

    /** Stops the server and removes its files. Never throws. */
    @Override
    void close();
}
