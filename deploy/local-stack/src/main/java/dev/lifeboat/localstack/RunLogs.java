package dev.lifeboat.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Each {@code ./lifeboat up} logs into a folder of its own, {@code .lifeboat/logs/<UTC time>/}, so a run's logs survive
 * the next start; the newest {@value #KEPT} runs' folders are kept, older ones removed.
 */
final class RunLogs {

    static final int KEPT = 5;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunLogs() {
    }

    /** A new run's folder under {@code logs}, made now; the runs beyond the newest {@value #KEPT} are removed. */
    static Path newRun(Path logs) {
        return newRun(logs, Instant.now());
    }

    static Path newRun(Path logs, Instant now) {
        try {
            Path run = Files.createDirectories(logs.resolve(NAME.format(now)));
            List<Path> runs;
            try (Stream<Path> folders = Files.list(logs)) {
                runs = folders.filter(Files::isDirectory).filter(folder -> folder.getFileName().toString().matches("\\d{8}T\\d{6}Z"))
                        .sorted(Comparator.comparing(Path::getFileName).reversed()).toList();
            }
            for (Path old : runs.subList(Math.min(KEPT, runs.size()), runs.size())) {
                delete(old);
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the log folder under " + logs, e);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> inside = Files.walk(folder)) {
            for (Path path : inside.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
