package io.argus.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of properties. A bad value is recorded as a problem naming the property, and a
 * harmless placeholder is returned so that every problem can be reported at once.
 */
final class SettingsReader {
    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private final Properties properties;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(Properties properties) {
        this.properties = properties;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String key, String what) {
        boolean secret = key.endsWith("-key") || key.endsWith("token") || key.endsWith("password");
        problems.add(key + ": " + what + (secret ? "" : " (got '" + raw(key) + "')"));
    }

    String raw(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no default for " + key + " in application.properties");
        }
        return value.trim();
    }

    Optional<String> optional(String key) {
        String value = raw(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    String required(String key) {
        String value = raw(key);
        if (value.isEmpty()) {
            problem(key, "must not be empty");
        }
        return value;
    }

    Path path(String key, Path whenEmpty) {
        try {
            return optional(key).map(Path::of).orElse(whenEmpty).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problem(key, "is not a valid path");
            return whenEmpty.toAbsolutePath();
        }
    }

    Duration positiveDuration(String key) {
        return duration(key, false);
    }

    /** A duration that may be 0 (for "off"). */
    Duration durationOrZero(String key) {
        return duration(key, true);
    }

    private Duration duration(String key, boolean zeroAllowed) {
        String value = raw(key);
        String what = zeroAllowed ? "a duration such as 0, 500ms, 2s or 1m" : "a positive duration such as 500ms, 2s or 1m";
        if (value.startsWith("-")) {
            problem(key, "must be " + what);
            return Duration.ofSeconds(1);
        }
        OptionalLong millis = Durations.millis(value);
        if (millis.isEmpty()) {
            problem(key, "is not a duration; use e.g. " + (zeroAllowed ? "0, " : "") + "500ms, 2s or 1m");
            return Duration.ofSeconds(1);
        }
        if (millis.getAsLong() == 0 && !zeroAllowed) {
            problem(key, "must be " + what);
            return Duration.ofSeconds(1);
        }
        return Duration.ofMillis(millis.getAsLong());
    }

    int integer(String key, int min, int max) {
        try {
            int value = Integer.parseInt(raw(key));
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max);
                return min;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "is not a whole number");
            return min;
        }
    }

    double fraction(String key) {
        return fraction(key, raw(key));
    }

    private double fraction(String key, String text) {
        try {
            double value = Double.parseDouble(text);
            if (!(value >= 0 && value <= 1)) {
                problem(key, "must be a number between 0 and 1");
                return 0.5;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "is not a number");
            return 0.5;
        }
    }

    /** A fraction, or empty for "the default of whatever uses it". */
    Optional<Double> optionalFraction(String key) {
        return optional(key).map(text -> fraction(key, text));
    }

    /** A comma-separated list; blanks around the items are ignored. */
    List<String> list(String key) {
        return Arrays.stream(raw(key).split(",")).map(String::trim).filter(item -> !item.isEmpty())
                .toList();
    }

    /** A comma-separated list of {@code name=fraction}, in the order given. */
    Map<String, Double> fractions(String key) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String item : list(key)) {
            int equals = item.lastIndexOf('=');
            if (equals <= 0) {
                problem(key, "must be a comma-separated list of name=number, e.g. person=0.6,car=0.3");
                return Map.of();
            }
            values.put(item.substring(0, equals).trim(), fraction(key, item.substring(equals + 1).trim()));
        }
        return values;
    }

    long positiveLong(String key) {
        try {
            long value = Long.parseLong(raw(key));
            if (value <= 0) {
                problem(key, "must be larger than 0");
                return 1;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "is not a whole number");
            return 1;
        }
    }

    /** A file that must exist and be readable when the property is set. */
    Optional<Path> readableFile(String key) {
        Optional<Path> file = optional(key).map(Path::of);
        file.filter(path -> !java.nio.file.Files.isReadable(path) || java.nio.file.Files.isDirectory(path))
                .ifPresent(path -> problem(key, "is missing or not a readable file"));
        return file;
    }

    long byteSize(String key) {
        Matcher matcher = BYTE_SIZE.matcher(raw(key));
        if (!matcher.matches()) {
            problem(key, "is not a size; use e.g. 512KB, 256MB or 2GB");
            return 1;
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
        long size = switch (unit) {
            case "KB" -> number << 10;
            case "MB" -> number << 20;
            case "GB" -> number << 30;
            default -> number;
        };
        if (size <= 0) {
            problem(key, "must be larger than 0");
            return 1;
        }
        return size;
    }

    boolean bool(String key) {
        String value = raw(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            problem(key, "must be true or false");
        }
        return value.equals("true");
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String value = raw(key).toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            problem(key, "must be one of " + String.join(", ", allowed));
            return type.getEnumConstants()[0];
        }
    }

    ZoneId zone(String key) {
        try {
            return ZoneId.of(raw(key));
        } catch (DateTimeException e) {
            problem(key, "is not a time zone; use an IANA name such as UTC or Europe/Berlin");
            return ZoneId.of("UTC");
        }
    }

    Optional<URI> httpUri(String key) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problem(key, "must be an http:// or https:// URL with a host");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problem(key, "is not a URL");
            return Optional.empty();
        }
    }
}
