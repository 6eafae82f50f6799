package dev.lifeboat.restore.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A D1 restore's working folder on local disk (the verified export, the live database's export): removed when it ends. */
final class D1RestoreFiles {

    private D1RestoreFiles() {
    }

    static void removeQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // the temporary folder is swept by the system
        }
    }
}
