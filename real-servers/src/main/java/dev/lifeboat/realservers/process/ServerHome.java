package dev.lifeboat.realservers.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Where a server keeps its files and which ports it listens on. Tests use a {@link #temporary} home: a fresh folder
 * and free ports, removed when the server stops. The local stack uses a {@link #kept} one: a folder under
 * {@code .lifeboat/} and fixed ports, so a restart finds its data (and its clients find it) where they were.
 */
public final class ServerHome {

    private final Path dir;
    private final List<Integer> ports;
    private final boolean kept;

    private ServerHome(Path dir, List<Integer> ports, boolean kept) {
        this.dir = dir;
        this.ports = ports;
        this.kept = kept;
    }

    /** A fresh folder under {@code java.io.tmpdir} and {@code portCount} free loopback ports. */
    public static ServerHome temporary(String prefix, int portCount) {
        return new ServerHome(WorkDirs.create(prefix), IntStream.range(0, portCount).mapToObj(i -> LoopbackPorts.free()).toList(), false);
    }

    /** {@code dir} (created if missing, kept when the server stops) and these ports, in the order the server names them. */
    public static ServerHome kept(Path dir, int... ports) {
        try {
            return new ServerHome(Files.createDirectories(dir), IntStream.of(ports).boxed().toList(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The server's {@code index}th port (its own order: e.g. Kafka's broker, then its controller). */
    public int port(int index) {
        return ports.get(index);
    }

    /** Whether the files stay when the server stops. */
    public boolean kept() {
        return kept;
    }

    /** A file the server wrote on an earlier start, if it is there. */
    public Optional<String> remembered(String file) {
        try {
            Path path = dir.resolve(file);
            return kept && Files.exists(path) ? Optional.of(Files.readString(path).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file the next start reads back ({@link #remembered}); readable by its owner only. */
    public void remember(String file, String text) {
        try {
            Path path = dir.resolve(file);
            Files.writeString(path, text);
            path.toFile().setReadable(false, false);
            path.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the server stops: a temporary home is removed, a kept one stays. */
    public void release() {
        if (!kept) {
            WorkDirs.delete(dir);
        }
    }
}
