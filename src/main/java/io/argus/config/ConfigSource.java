package io.argus.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Layers the configuration: the defaults declared in {@link Settings}, then an external properties
 * file, then environment variables, then system properties. A property may also come from a file
 * named by its environment variable with {@code _FILE} appended ({@code ARGUS_S3_SECRET_KEY_FILE}),
 * as Docker and Kubernetes mount secrets. Only keys that have a default exist;
 * an unknown {@code argus.*} key in the external file is an error, so a typo never passes silently.
 */
public final class ConfigSource {
    public static final String CONFIG_FILE_ENV = "ARGUS_CONFIG_FILE";

    private ConfigSource() {
    }

    /** The effective settings and, for each, where its value came from ("default", "ARGUS_S3_BUCKET", …). */
    public record Layers(Properties values, Map<String, String> sources) {
    }

    /** The defaults declared in {@link Settings}. */
    public static Properties defaults() {
        return Settings.defaults();
    }

    /** The effective properties of this process: its environment and system properties. */
    public static Properties load(Optional<Path> externalFile) {
        return layers(externalFile).values();
    }

    public static Layers layers(Optional<Path> externalFile) {
        Optional<Path> file = externalFile.or(() -> Optional.ofNullable(System.getenv(CONFIG_FILE_ENV)).map(Path::of));
        return layers(file, System.getenv(), System.getProperties());
    }

    public static Properties load(Optional<Path> externalFile, Map<String, String> env, Properties systemProperties) {
        return layers(externalFile, env, systemProperties).values();
    }

    public static Layers layers(Optional<Path> externalFile, Map<String, String> env, Properties systemProperties) {
        Properties effective = defaults();
        Map<String, String> sources = new TreeMap<>();
        effective.stringPropertyNames().forEach(key -> sources.put(key, "default"));
        List<String> problems = new ArrayList<>();
        externalFile.ifPresent(file -> overlayFile(effective, sources, file, problems));
        for (String key : effective.stringPropertyNames()) {
            String variable = environmentName(key);
            String fromEnvFile = env.get(variable + "_FILE");
            if (fromEnvFile != null) {
                readSecretFile(key, Path.of(fromEnvFile), problems).ifPresent(value -> {
                    effective.setProperty(key, value);
                    sources.put(key, variable + "_FILE");
                });
            }
            String fromEnv = env.get(variable);
            if (fromEnv != null) {
                effective.setProperty(key, fromEnv);
                sources.put(key, variable);
            }
            String fromSystem = systemProperties.getProperty(key);
            if (fromSystem != null) {
                effective.setProperty(key, fromSystem);
                sources.put(key, "-D" + key);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new Layers(effective, sources);
    }

    /** {@code argus.s3.access-key} is read from {@code ARGUS_S3_ACCESS_KEY}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The file's content without its final line break; a problem naming the variable when it cannot be read. */
    private static Optional<String> readSecretFile(String key, Path file, List<String> problems) {
        try {
            return Optional.of(Files.readString(file).stripTrailing());
        } catch (IOException e) {
            problems.add(key + ": " + environmentName(key) + "_FILE names a file that cannot be read (" + file + ")");
            return Optional.empty();
        }
    }

    private static void overlayFile(Properties effective, Map<String, String> sources, Path file,
                                    List<String> problems) {
        Properties external = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            external.load(reader);
        } catch (IOException e) {
            problems.add("config file " + file + ": cannot be read (" + e.getMessage() + ")");
            return;
        }
        for (String key : external.stringPropertyNames()) {
            if (key.startsWith("argus.") && !effective.containsKey(key)) {
                problems.add(key + " (in " + file + "): unknown property");
            } else {
                effective.setProperty(key, external.getProperty(key).trim());
                sources.put(key, file.toString());
            }
        }
    }
}
