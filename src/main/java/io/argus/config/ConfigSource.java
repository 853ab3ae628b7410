package io.argus.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Layers the configuration: the defaults in application.properties, then an external properties
 * file, then environment variables, then system properties. A property may also come from a file
 * named by its environment variable with {@code _FILE} appended ({@code ARGUS_S3_SECRET_KEY_FILE}),
 * as Docker and Kubernetes mount secrets. Only keys that have a default exist;
 * an unknown {@code argus.*} key in the external file is an error, so a typo never passes silently.
 */
public final class ConfigSource {
    public static final String CONFIG_FILE_ENV = "ARGUS_CONFIG_FILE";
    private static final String DEFAULTS = "/application.properties";

    private ConfigSource() {
    }

    public static Properties defaults() {
        Properties defaults = new Properties();
        try (InputStream in = ConfigSource.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
        return defaults;
    }

    /** The effective properties of this process: its environment and system properties. */
    public static Properties load(Optional<Path> externalFile) {
        Optional<Path> file = externalFile.or(() -> Optional.ofNullable(System.getenv(CONFIG_FILE_ENV)).map(Path::of));
        return load(file, System.getenv(), System.getProperties());
    }

    public static Properties load(Optional<Path> externalFile, Map<String, String> env, Properties systemProperties) {
        Properties effective = defaults();
        List<String> problems = new ArrayList<>();
        externalFile.ifPresent(file -> overlayFile(effective, file, problems));
        for (String key : effective.stringPropertyNames()) {
            String fromEnvFile = env.get(environmentName(key) + "_FILE");
            if (fromEnvFile != null) {
                readSecretFile(key, Path.of(fromEnvFile), problems).ifPresent(value -> effective.setProperty(key, value));
            }
            String fromEnv = env.get(environmentName(key));
            if (fromEnv != null) {
                effective.setProperty(key, fromEnv);
            }
            String fromSystem = systemProperties.getProperty(key);
            if (fromSystem != null) {
                effective.setProperty(key, fromSystem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return effective;
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

    private static void overlayFile(Properties effective, Path file, List<String> problems) {
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
            }
        }
    }
}
