package dev.lifeboat.realservers.process;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options the test builds give every child JVM ({@link ChildJvm#EXTRA_OPTIONS}) reach a real child, and only when set. */
class ChildJvmOptionsTest {

    /** A child that exits 0 only when it was started with {@code -XX:TieredStopAtLevel=1}. */
    public static final class StartedWithOneCompilerTier {
        public static void main(String[] args) {
            System.exit(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1") ? 0 : 3);
        }
    }

    @Test
    void aChildJvmGetsTheExtraOptionsWhenThePropertyNamesThemAndTheJvmsDefaultsWhenItIsUnset() throws Exception {
        String before = System.getProperty(ChildJvm.EXTRA_OPTIONS);
        Path work = WorkDirs.create("lifeboat-child-options-");
        List<String> classpath = List.of(Path.of(StartedWithOneCompilerTier.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        try {
            System.setProperty(ChildJvm.EXTRA_OPTIONS, "  -XX:TieredStopAtLevel=1   -XX:+UseSerialGC ");
            ChildJvm.run("with-options", classpath, List.of("-Xmx64m"), StartedWithOneCompilerTier.class.getName(), List.of(), work,
                    Duration.ofSeconds(60));

            System.clearProperty(ChildJvm.EXTRA_OPTIONS);
            assertThatThrownBy(() -> ChildJvm.run("without-options", classpath, List.of("-Xmx64m"),
                    StartedWithOneCompilerTier.class.getName(), List.of(), work, Duration.ofSeconds(60)))
                    .hasMessageContaining("failed with code 3");
        } finally {
            if (before == null) {
                System.clearProperty(ChildJvm.EXTRA_OPTIONS);
            } else {
                System.setProperty(ChildJvm.EXTRA_OPTIONS, before);
            }
        }
    }
}
