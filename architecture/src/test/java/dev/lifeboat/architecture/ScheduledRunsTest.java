package dev.lifeboat.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

/**
 * A scheduler's tick in flight when a service stops must end before the service's database pool closes under it (it
 * failed there and logged an error at a clean stop), and no tick may start once the stop began: every
 * {@code @Scheduled} method of what ships carries {@code @EndsBeforeStop}.
 */
class ScheduledRunsTest {

    private static final JavaClasses LIFEBOAT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lifeboat");

    @Test
    void everyScheduledMethodEndsBeforeItsServiceStops() {
        methods().that().areAnnotatedWith("io.quarkus.scheduler.Scheduled")
                .should().beAnnotatedWith("dev.lifeboat.service.stopping.EndsBeforeStop")
                .because("a tick cut off by the closing pool logs an error at a clean stop")
                .check(LIFEBOAT);
    }
}
