package dev.lifeboat.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout's rules over the compiled classes of every module (tests excluded). Inside a module: its
 * packages form no cycle, and in a service nothing imports the outermost packages, {@code api} (REST) and
 * {@code messaging} (Kafka consumers). Between modules: {@code events} (the contract) depends on no other
 * Lifeboat module, each library only on the ones below it, no library on a service, no service on another, the
 * command line ({@code cli}) on none (it talks to the REST APIs only), nothing that ships on the test servers, the
 * local stack or the benchmarks, and only {@code archive} on the S3 SDK.
 */
class LayoutRulesTest {

    /** Top-level packages of the libraries, lowest first: each may depend only on the ones before it. */
    private static final List<String> LIBRARIES = List.of("events", "runtime", "archive", "postgres", "d1", "restorechecks", "changes",
            "service", "outbox");
    private static final List<String> SERVICES = List.of("backup", "restore", "verifier", "notifier", "audit");
    /** What runs beside the services and never ships in them: test servers, the local stack, the benchmarks. */
    private static final List<String> BESIDE = List.of("realservers", "localstack", "bench");

    private static final JavaClasses LIFEBOAT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lifeboat");

    @ParameterizedTest
    @ValueSource(strings = {"backup", "restore", "verifier", "notifier", "audit", "events", "runtime", "archive", "postgres", "d1",
            "restorechecks", "changes", "service", "outbox", "cli", "realservers", "localstack", "bench"})
    void theModulesPackagesFormNoCycle(String module) {
        slices().assignedFrom(topLevelPackagesOf("dev.lifeboat." + module)).should().beFreeOfCycles().allowEmptyShould(true)
                .as("the packages of dev.lifeboat." + module + " form no cycle").check(LIFEBOAT);
    }

    /**
     * One slice per package directly under {@code base} (with everything below it), and one for {@code base}
     * itself: its own classes (such as events' {@code EventType}) take part in a cycle like any package's.
     */
    private static SliceAssignment topLevelPackagesOf(String base) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(base)) {
                    return SliceIdentifier.of(base);
                }
                if (!name.startsWith(base + ".")) {
                    return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(name.substring(base.length() + 1).split("\\.")[0]);
            }

            @Override
            public String getDescription() {
                return "the packages of " + base + " and " + base + " itself";
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"backup", "restore", "verifier", "notifier", "audit"})
    void nothingInsideAServiceImportsItsApiOrMessagingPackages(String service) {
        String base = "dev.lifeboat." + service;
        noClasses().that().resideInAPackage(base + "..")
                .and().resideOutsideOfPackages(base + ".api..", base + ".messaging..")
                .should().dependOnClassesThat().resideInAnyPackage(base + ".api..", base + ".messaging..")
                .as("inside " + base + ", only api and messaging may use api and messaging").check(LIFEBOAT);
    }

    @Test
    void eachLibraryDependsOnlyOnTheLibrariesBelowIt() {
        for (int i = 0; i < LIBRARIES.size(); i++) {
            String library = "dev.lifeboat." + LIBRARIES.get(i) + "..";
            String[] above = Stream.concat(LIBRARIES.subList(i + 1, LIBRARIES.size()).stream(), SERVICES.stream())
                    .map(name -> "dev.lifeboat." + name + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(library).should().dependOnClassesThat().resideInAnyPackage(above)
                    .as(library + " depends on none of " + Arrays.toString(above)).check(LIFEBOAT);
        }
    }

    @Test
    void nothingThatShipsDependsOnTheTestServersTheLocalStackOrTheBenchmarks() {
        String[] beside = BESIDE.stream().map(name -> "dev.lifeboat." + name + "..").toArray(String[]::new);
        noClasses().that().resideOutsideOfPackages(beside).should().dependOnClassesThat().resideInAnyPackage(beside)
                .as("no library, service or the command line depends on " + BESIDE).check(LIFEBOAT);
    }

    @Test
    void theEnginesModulesKnowNothingOfEachOther() {
        noClasses().that().resideInAPackage("dev.lifeboat.d1..").should().dependOnClassesThat().resideInAPackage("dev.lifeboat.postgres..")
                .as("the D1 engine does not use PostgreSQL's module").check(LIFEBOAT);
        noClasses().that().resideInAPackage("dev.lifeboat.postgres..").should().dependOnClassesThat().resideInAPackage("dev.lifeboat.d1..")
                .as("the PostgreSQL engine does not use D1's module").check(LIFEBOAT);
    }

    @Test
    void onlyTheArchiveTalksToTheBucket() {
        noClasses().that().resideInAnyPackage(Stream.concat(LIBRARIES.stream().filter(name -> !name.equals("archive")), SERVICES.stream())
                        .map(name -> "dev.lifeboat." + name + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
                .as("the bucket has one home, dev.lifeboat.archive: no other library and no service uses the S3 SDK").check(LIFEBOAT);
    }

    @Test
    void theCommandLineTalksToTheServicesOnlyThroughTheirRestApis() {
        noClasses().that().resideInAPackage("dev.lifeboat.cli..").should().dependOnClassesThat()
                .resideInAnyPackage(Stream.concat(LIBRARIES.stream(), SERVICES.stream()).map(name -> "dev.lifeboat." + name + "..")
                        .toArray(String[]::new))
                .as("dev.lifeboat.cli uses no other Lifeboat module: it talks to the services' REST APIs only").check(LIFEBOAT);
        noClasses().that().resideOutsideOfPackage("dev.lifeboat.cli..").should().dependOnClassesThat().resideInAPackage("dev.lifeboat.cli..")
                .as("nothing depends on the command line").check(LIFEBOAT);
    }

    @Test
    void noServiceDependsOnAnotherService() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(other -> !other.equals(service)).map(other -> "dev.lifeboat." + other + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.lifeboat." + service + "..").should().dependOnClassesThat().resideInAnyPackage(others)
                    .as("dev.lifeboat." + service + " depends on no other service").check(LIFEBOAT);
        }
    }
}
