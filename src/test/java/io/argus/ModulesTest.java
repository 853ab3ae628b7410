package io.argus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.argus.testing.Fast;
import org.junit.jupiter.api.Test;

/** The modules' direction: the runtime knows neither the local services nor the benchmarks, and packages form no cycle. */
@Fast
class ModulesTest {
    private static final String DETECTORS = "io.argus.detect.(*)..";
    private static final JavaClasses ARGUS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.argus");

    /** Each package below io.argus is one slice, and io.argus itself (the CLI and the runtime) is another. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals("io.argus")) {
                return SliceIdentifier.of("io.argus");
            }
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
    void theLocalServicesDoNotUseTheBenchmarks() {
        noClasses().that().resideInAPackage("io.argus.local..")
                .should().dependOnClassesThat().resideInAPackage("io.argus.bench..")
                .check(ARGUS);
    }

    /** Each detector's package (io.argus.detect.centernet, …) holds its code and its provider, which ServiceLoader finds. */
    @Test
    void detectorsAreReachedOnlyThroughTheProviderInterface() {
        noClasses().that().resideOutsideOfPackage(DETECTORS)
                .should().dependOnClassesThat().resideInAPackage(DETECTORS)
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
