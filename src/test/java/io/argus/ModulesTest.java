package io.argus;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The modules' direction: the runtime knows neither the local services nor the benchmarks nor the
 * count job, the job and the runtime meet only in the shared module, the API knows no Elasticsearch
 * client, detectors are plugins, packages form no cycle, and the fast tier starts no service.
 */
class ModulesTest {
    private static final String DETECTORS = "io.argus.detect.(*)..";
    private static final JavaClasses ARGUS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.argus");

    /** Each package below io.argus is one slice. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.startsWith("io.argus.") ? SliceIdentifier.of(name.split("\\.")[2]) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "Argus's packages";
        }
    };

    @Test
    void theRuntimeUsesNeitherTheLocalServicesNorTheBenchmarks() {
        noClasses().that().resideOutsideOfPackages("io.argus.local..", "io.argus.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("io.argus.local..", "io.argus.bench..")
                .check(ARGUS);
    }

    @Test
    void onlyTheBenchmarksUseTheCommandLine() {
        noClasses().that().resideOutsideOfPackages("io.argus.cli..", "io.argus.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.argus.cli..")
                .check(ARGUS);
    }

    @Test
    void theLocalServicesDoNotUseTheBenchmarks() {
        noClasses().that().resideInAPackage("io.argus.local..")
                .should().dependOnClassesThat().resideInAPackage("io.argus.bench..")
                .check(ARGUS);
    }

    /** The fast tier ({@code mvn test}, classes named *Test) starts no service: those tests are *IT, run by {@code mvn verify}. */
    @Test
    void testsThatStartServicesAreIntegrationTests() {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS).importPackages("io.argus");
        noClasses().that().haveSimpleNameEndingWith("Test").and().resideOutsideOfPackage("io.argus.testing")
                .should().dependOnClassesThat().haveNameMatching("io\\.argus\\.(testing\\.(SharedServices|RuntimeUnderTest"
                        + "|ArgusProcess|SearchEngineServer)|local\\.LocalServices|bench\\.RunningArgus)")
                .because("a test that starts a service belongs to the integration tests (*IT)")
                .check(tests);
    }

    @Test
    void nothingButTheJobUsesTheJobsPackage() {
        noClasses().that().resideOutsideOfPackage("io.argus.hadoop..")
                .should().dependOnClassesThat().resideInAPackage("io.argus.hadoop..")
                .check(ARGUS);
    }

    /** The job jar holds the job and the shared module only: the job may use nothing else of Argus. */
    @Test
    void theJobUsesNothingOfArgusButTheSharedModule() {
        noClasses().that().resideInAPackage("io.argus.hadoop..")
                .should().dependOnClassesThat(resideInAPackage("io.argus..")
                        .and(resideOutsideOfPackages("io.argus.hadoop..", "io.argus.shared..")))
                .check(ARGUS);
    }

    /** Both builds compile the shared module, the job's without the runtime. */
    @Test
    void theSharedModuleUsesNothingElseOfArgus() {
        noClasses().that().resideInAPackage("io.argus.shared..")
                .should().dependOnClassesThat(resideInAPackage("io.argus..")
                        .and(resideOutsideOfPackages("io.argus.shared..")))
                .check(ARGUS);
    }

    /** Each detector's package (io.argus.detect.centernet, …) holds its code and its provider, which ServiceLoader finds. */
    @Test
    void detectorsAreReachedOnlyThroughTheProviderInterface() {
        noClasses().that().resideOutsideOfPackage(DETECTORS)
                .should().dependOnClassesThat().resideInAPackage(DETECTORS)
                .check(ARGUS);
    }

    /** The counts read model, its queries and the batch/live boundary are the index package's; the API only translates HTTP. */
    @Test
    void theApiDoesNotUseTheElasticsearchClient() {
        noClasses().that().resideInAPackage("io.argus.api..")
                .should().dependOnClassesThat().resideInAPackage("co.elastic.clients..")
                .check(ARGUS);
    }

    @Test
    void noDetectorUsesAnotherOnesCode() {
        slices().matching(DETECTORS).should().notDependOnEachOther().check(ARGUS);
    }

    @Test
    void packagesFormNoCycle() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(ARGUS);
    }
}
