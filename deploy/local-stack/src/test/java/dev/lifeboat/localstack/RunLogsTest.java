package dev.lifeboat.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogsTest {

    @TempDir
    Path logs;

    @Test
    void eachRunLogsIntoAFolderOfItsOwnAndOnlyTheNewestFiveAreKept() throws Exception {
        Instant start = Instant.parse("2026-11-26T10:00:00Z");
        for (int run = 0; run < 7; run++) {
            Path folder = RunLogs.newRun(logs, start.plusSeconds(60L * run));
            Files.writeString(folder.resolve("backup-service.log"), "run " + run);
        }
        Files.writeString(logs.resolve("notes.txt"), "not a run");

        try (Stream<Path> left = Files.list(logs)) {
            assertThat(left.map(path -> path.getFileName().toString()).sorted().toList()).containsExactly(
                    "20261126T100200Z", "20261126T100300Z", "20261126T100400Z", "20261126T100500Z", "20261126T100600Z", "notes.txt");
        }
        assertThat(Files.readString(logs.resolve("20261126T100600Z/backup-service.log"))).isEqualTo("run 6");
    }
}
