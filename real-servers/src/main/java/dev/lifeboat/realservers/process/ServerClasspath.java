package dev.lifeboat.realservers.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The jars of one server, as listed at build time by the server-classpaths module. */
public final class ServerClasspath {

    private ServerClasspath() {
    }

    /** @param server {@code kafka-broker}, {@code s3proxy} or {@code greenmail} */
    public static List<String> of(String server) {
        String resource = "/dev/lifeboat/realservers/" + server + ".classpath";
        try (InputStream in = ServerClasspath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + ": build the real-servers/server-classpaths module");
            }
            List<String> jars = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":"))
                    .filter(jar -> !jar.isBlank())
                    .toList();
            jars.stream().filter(jar -> !Files.exists(Path.of(jar))).findFirst().ifPresent(jar -> {
                throw new IllegalStateException("jar of " + server + " missing from the local Maven repository: " + jar);
            });
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
