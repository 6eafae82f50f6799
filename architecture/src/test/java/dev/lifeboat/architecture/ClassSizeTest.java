package dev.lifeboat.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Small classes: no source file under any module's {@code src/main/java} is over 300 lines. */
class ClassSizeTest {

    private static final int MOST_LINES = 300;

    @Test
    void noClassInSrcMainIsOver300Lines() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root)) {
            List<String> tooLong = files
                    .filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> path.toString().contains("/src/main/java/"))
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/"))
                    .filter(path -> lines(path) > MOST_LINES)
                    .map(path -> root.relativize(path) + " (" + lines(path) + " lines)")
                    .sorted().toList();
            assertThat(tooLong).as("classes over " + MOST_LINES + " lines").isEmpty();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
