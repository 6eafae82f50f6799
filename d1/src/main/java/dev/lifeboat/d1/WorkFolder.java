package dev.lifeboat.d1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A folder of Lifeboat's own on local disk (a restore's exports, a scratch database, an export's pipe, a remote command's configuration): gone when closed. */
public final class WorkFolder implements AutoCloseable {

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    /** A new temporary folder, its path absolute (wrangler runs in another folder). */
    public static WorkFolder create(String prefix) throws IOException {
        return new WorkFolder(Files.createTempDirectory(prefix).toAbsolutePath());
    }

    /** A new folder inside {@code parent} (a restore's own work folder), its path absolute. */
    public static WorkFolder create(Path parent, String prefix) throws IOException {
        return new WorkFolder(Files.createTempDirectory(parent, prefix).toAbsolutePath());
    }

    public Path path() {
        return path;
    }

    /**
     * Removes the folder and all it holds; what cannot be removed is left to the sweep of the folder it is in (the system's
     * temporary folder, or a staging folder's sweep for one made inside a staged work folder).
     */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // left to the system's sweep of its temporary folder
        }
    }
}
