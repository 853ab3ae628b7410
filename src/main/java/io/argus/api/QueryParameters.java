package io.argus.api;

import io.argus.index.Interval;
import io.argus.index.TimeRange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The query parameters of a request, read and checked: each reader either returns a valid value or
 * throws {@link BadParameterException} naming the parameter and saying what is wrong.
 */
public final class QueryParameters {
    public static final int MAX_LABELS = 20;
    public static final int MAX_LABEL_LENGTH = 100;
    private static final Pattern RELATIVE = Pattern.compile("now(?:([-+])([0-9]{1,6})([smhdw]))?");

    private final Map<String, List<String>> values = new HashMap<>();
    private final Clock clock;

    /**
     * Reads the request's query string itself rather than the message headers, where request headers
     * (such as {@code From}) would pass for parameters.
     */
    public QueryParameters(Message message, Clock clock) {
        this.clock = clock;
        String query = message.getHeader(Exchange.HTTP_QUERY, "", String.class);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode("query", equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(name, pair.substring(equals + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    private static String decode(String parameter, String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, parameter + " has a malformed %-escape: " + text);
        }
    }

    /** The values of a parameter that may repeat ({@code ?label=a&label=b}), in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public Optional<String> one(String name) {
        List<String> values = all(name);
        if (values.size() > 1) {
            throw new BadParameterException(name, name + " is given " + values.size() + " times; give it once");
        }
        return values.stream().findFirst().filter(value -> !value.isBlank()).map(String::trim);
    }

    /** {@code label}, one or more (at most {@value #MAX_LABELS}, each at most {@value #MAX_LABEL_LENGTH} characters). */
    public List<String> labels(boolean required) {
        List<String> labels = all("label").stream().map(String::trim).distinct().toList();
        if (labels.isEmpty() && required) {
            throw new BadParameterException("label", "label is required (e.g. ?label=person)");
        }
        if (labels.size() > MAX_LABELS) {
            throw new BadParameterException("label", "at most " + MAX_LABELS + " labels, not " + labels.size());
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new BadParameterException("label", "label is empty");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw new BadParameterException("label", "a label is at most " + MAX_LABEL_LENGTH + " characters, not "
                        + label.length());
            }
        }
        return labels;
    }

    public String label() {
        List<String> labels = labels(true);
        if (labels.size() > 1) {
            throw new BadParameterException("label", "give one label, not " + labels.size());
        }
        return labels.get(0);
    }

    /** {@code tz}: an IANA zone such as {@code Europe/Berlin}, or an offset; UTC when absent. */
    public ZoneId zone() {
        return one("tz").map(text -> {
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                throw new BadParameterException("tz", "tz '" + text + "' is not a time zone (e.g. UTC, Europe/Berlin)");
            }
        }).orElse(ZoneOffset.UTC);
    }

    /** {@code from} and {@code to}; either may be absent (open end). {@code from} after {@code to} is an error. */
    public TimeRange range(ZoneId zone) {
        Optional<Instant> from = one("from").map(text -> instant("from", text, zone));
        Optional<Instant> to = one("to").map(text -> instant("to", text, zone));
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new BadParameterException("from", "from (" + from.get() + ") is after to (" + to.get() + ")");
        }
        return new TimeRange(from, to);
    }

    /** {@code before}: an end (exclusive), read as {@code to} is; a time without a zone is UTC. */
    public Optional<Instant> before() {
        return one("before").map(text -> instant("before", text, ZoneOffset.UTC));
    }

    public Optional<Interval> interval() {
        return one("interval").map(text -> {
            try {
                return Interval.parse(text);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("interval", e.getMessage());
            }
        });
    }

    public int limit(int fallback, int max) {
        return one("limit").map(text -> {
            try {
                int limit = Integer.parseInt(text);
                if (limit >= 1 && limit <= max) {
                    return limit;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new BadParameterException("limit", "limit must be a whole number from 1 to " + max);
        }).orElse(fallback);
    }

    /**
     * ISO-8601 with a zone or offset ({@code 2026-11-25T10:00:00Z}), a local date-time or date read
     * in {@code tz}, or relative to now: {@code now}, {@code now-24h}, {@code now-7d}, {@code now+1h}.
     */
    Instant instant(String parameter, String text, ZoneId zone) {
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            Instant now = clock.instant();
            if (relative.group(1) == null) {
                return now;
            }
            long amount = Long.parseLong(relative.group(2));
            Duration offset = switch (relative.group(3)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            return relative.group(1).equals("-") ? now.minus(offset) : now.plus(offset);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new BadParameterException(parameter, parameter + " '" + text + "' is not ISO-8601"
                            + " (2026-11-25T10:00:00Z, 2026-11-25) or relative to now (now-24h, now-7d)");
                }
            }
        }
    }
}
