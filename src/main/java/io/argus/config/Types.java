package io.argus.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
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
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types of the settings, with their checks. */
public final class Types {
    private Types() {
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    public static final ValueType<String> TEXT = text -> {
        if (text.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        return text;
    };

    public static final ValueType<Secret> SECRET = text -> new Secret(TEXT.parse(text));

    public static final ValueType<Path> PATH = text -> {
        try {
            return Path.of(TEXT.parse(text));
        } catch (InvalidPathException e) {
            throw new InvalidValueException("is not a valid path");
        }
    };

    /** A file that must exist and be readable. */
    public static final ValueType<Path> READABLE_FILE = PATH.that(path -> Files.isReadable(path) && !Files.isDirectory(path),
            "is missing or not a readable file");

    public static final ValueType<Duration> DURATION_OR_ZERO = text -> duration(text, true);

    public static final ValueType<Duration> POSITIVE_DURATION = text -> duration(text, false);

    public static final ValueType<Boolean> BOOLEAN = text -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new InvalidValueException("must be true or false");
    };

    public static final ValueType<Double> FRACTION = text -> {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("is not a number");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidValueException("must be a number between 0 and 1");
        }
        return value;
    };

    public static final ValueType<Long> POSITIVE_LONG = text -> {
        try {
            long value = Long.parseLong(text);
            if (value <= 0) {
                throw new InvalidValueException("must be larger than 0");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidValueException("is not a whole number");
        }
    };

    /** Bytes, written 512KB, 256MB or 2GB. */
    public static final ValueType<Long> BYTE_SIZE = text -> {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidValueException("is not a size; use e.g. 512KB, 256MB or 2GB");
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
            throw new InvalidValueException("must be larger than 0");
        }
        return size;
    };

    public static final ValueType<ZoneId> ZONE = text -> {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidValueException("is not a time zone; use an IANA name such as UTC or Europe/Berlin");
        }
    };

    public static final ValueType<URI> HTTP_URL = text -> {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidValueException("must be an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidValueException("is not a URL");
        }
    };

    /** A comma-separated list; blanks around the items are ignored, and empty text is the empty list. */
    public static final ValueType<List<String>> LIST = text -> Arrays.stream(text.split(",")).map(String::trim)
            .filter(item -> !item.isEmpty()).toList();

    /** A comma-separated list of {@code name=fraction}, in the order given. */
    public static final ValueType<Map<String, Double>> FRACTIONS = text -> {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String item : LIST.parse(text)) {
            int equals = item.lastIndexOf('=');
            if (equals <= 0) {
                throw new InvalidValueException("must be a comma-separated list of name=number, e.g. person=0.6,car=0.3");
            }
            values.put(item.substring(0, equals).trim(), FRACTION.parse(item.substring(equals + 1).trim()));
        }
        return values;
    };

    /** A relative S3 prefix ending with a slash. */
    public static final ValueType<String> S3_PREFIX = TEXT.that(prefix -> !prefix.startsWith("/") && prefix.endsWith("/"),
            "must be a relative S3 prefix ending with '/', e.g. images/");

    public static ValueType<Integer> integer(int min, int max) {
        return text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new InvalidValueException("is not a whole number");
            }
            if (value < min || value > max) {
                throw new InvalidValueException("must be between " + min + " and " + max);
            }
            return value;
        };
    }

    /** One of an enum's constants, written in lower case with '-' for '_' ({@code opencv-builtin}). */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        return text -> {
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    allowed.add(settingName(constant));
                }
                throw new InvalidValueException("must be one of " + String.join(", ", allowed));
            }
        };
    }

    /** Text matching a pattern, for names with rules of their own (buckets, topics, indices). */
    public static ValueType<String> matching(Pattern pattern, String problem) {
        return TEXT.that(text -> pattern.matcher(text).matches(), problem);
    }


    public static String settingName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Duration duration(String text, boolean zeroAllowed) {
        String what = zeroAllowed ? "a duration such as 0, 500ms, 2s or 1m" : "a positive duration such as 500ms, 2s or 1m";
        if (text.startsWith("-")) {
            throw new InvalidValueException("must be " + what);
        }
        OptionalLong millis = Durations.millis(text);
        if (millis.isEmpty()) {
            throw new InvalidValueException("is not a duration; use e.g. " + (zeroAllowed ? "0, " : "") + "500ms, 2s or 1m");
        }
        if (millis.getAsLong() == 0 && !zeroAllowed) {
            throw new InvalidValueException("must be " + what);
        }
        return Duration.ofMillis(millis.getAsLong());
    }
}
