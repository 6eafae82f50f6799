package dev.lifeboat.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The benchmark JVM's logging, kept to warnings. On its classpath Quarkus's initial log configurator wins, which turns
 * every logger on at every level until a Quarkus application configures it (one never does here): the S3 client's wire
 * log then formatted every byte the benchmark sent to or read from S3Proxy, which made the anchors that upload or
 * download in this JVM, and the point-in-time replay's reading, slower than they are.
 */
final class BenchLogging {

    private BenchLogging() {
    }

    static void quiet() {
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
