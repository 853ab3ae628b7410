package io.argus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged jars: the runtime's holds no local-services or benchmark class; each module has its own jar. */
class RuntimeJarIT {
    private static final Path HOME = Path.of(System.getProperty("argus.home", "target/argus"));

    @Test
    void theRuntimeJarHoldsNeitherLocalServicesNorBenchmarks() throws IOException {
        List<String> runtime = classes(HOME.resolve("lib/argus.jar"));
        assertThat(runtime).contains("io/argus/runtime/ArgusRuntime.class", "io/argus/services/Services.class");
        assertThat(runtime).noneMatch(name -> name.startsWith("io/argus/local/") || name.startsWith("io/argus/bench/"));
        try (JarFile jar = new JarFile(HOME.resolve("lib/argus.jar").toFile())) {
            assertThat(jar.getEntry("META-INF/services/io.argus.services.ServicesProvider")).isNull();
        }
    }

    @Test
    void theLocalServicesAndTheBenchmarksHaveJarsOfTheirOwn() throws IOException {
        assertThat(classes(HOME.resolve("local/argus-local.jar")))
                .contains("io/argus/local/LocalServicesProvider.class")
                .allMatch(name -> name.startsWith("io/argus/local/"));
        try (JarFile jar = new JarFile(HOME.resolve("local/argus-local.jar").toFile())) {
            assertThat(jar.getEntry("META-INF/services/io.argus.services.ServicesProvider")).isNotNull();
        }
        assertThat(classes(HOME.resolve("bench/argus-bench.jar")))
                .contains("io/argus/bench/Bench.class")
                .allMatch(name -> name.startsWith("io/argus/bench/"));
    }

    private static List<String> classes(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
        }
    }
}
