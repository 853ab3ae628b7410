package io.argus.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds an installed JDK of at least a given feature version (Elasticsearch 9 needs 21). */
public final class JavaHomes {
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private JavaHomes() {
    }

    /**
     * The configured home if given (it must qualify), else the first that qualifies of ES_JAVA_HOME,
     * JAVA_HOME, this JVM's home and the JDKs under /usr/lib/jvm.
     */
    public static Path find(int minimumVersion, Optional<Path> configured, String property) {
        if (configured.isPresent()) {
            Path home = configured.get();
            if (version(home).filter(v -> v >= minimumVersion).isEmpty()) {
                throw new IllegalStateException(property + ": " + home + " is not a Java " + minimumVersion
                        + "+ installation (no bin/java with a release file saying so)");
            }
            return home;
        }
        List<Path> candidates = new ArrayList<>();
        Stream.of(System.getenv("ES_JAVA_HOME"), System.getenv("JAVA_HOME"), System.getProperty("java.home"))
                .filter(home -> home != null && !home.isBlank())
                .map(Path::of)
                .forEach(candidates::add);
        Path jvmFolder = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvmFolder)) {
            try (Stream<Path> installed = Files.list(jvmFolder)) {
                installed.sorted().forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable /usr/lib/jvm only means fewer candidates
            }
        }
        return candidates.stream()
                .filter(home -> version(home).filter(v -> v >= minimumVersion).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The local Elasticsearch needs Java " + minimumVersion
                        + " or newer, and none was found (looked at ES_JAVA_HOME, JAVA_HOME, " + candidates
                        + "). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+ JDK,"
                        + " and/or set " + property + " to its folder."));
    }

    static Optional<Integer> version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isReadable(release)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
