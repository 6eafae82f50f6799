package dev.lifeboat.cli;

import dev.lifeboat.cli.api.CannedApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's {@code ./lifeboat} hands every command of this command line on (the smoke found {@code ./lifeboat keys
 * check} answered with the wrapper's own usage: its list of commands was written by hand and lacked the new ones).
 */
class LocalWrapperTest {

    @Test
    void theLocalWrapperHandsOnEveryCommand() throws IOException {
        String forwarded = Files.readAllLines(Path.of("..", "lifeboat")).stream().map(String::trim)
                .filter(line -> line.startsWith("status|")).findFirst().orElseThrow();
        Set<String> wrapper = new TreeSet<>(Arrays.asList(forwarded.substring(0, forwarded.indexOf(')')).split("\\|")));

        Set<String> commands = new TreeSet<>(new Lifeboat(new CannedApi(), new PrintWriter(new StringWriter()), Clock.systemUTC(), Duration.ZERO)
                .commandLine(new PrintWriter(new StringWriter())).getSubcommands().keySet());
        commands.remove("help");

        assertThat(wrapper).isEqualTo(commands);
    }
}
