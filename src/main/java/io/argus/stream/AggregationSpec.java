package io.argus.stream;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one streaming aggregation keeps, as its YAML declares it (docs/streaming.md): the fields that
 * group events into one document (its id is their values joined by {@code _}), the measures kept per
 * group, and the segment rules. Parsed once, when the route is created, so a mistake stops the start
 * with the parameter and the reason.
 *
 * @param groupBy   e.g. {@code org_id, day(timestamp) as date, status}
 * @param measures  e.g. {@code count, sum(price) as total_spend where event_type = purchase, latest(status)}
 * @param segments  e.g. {@code vip: total_spend >= 500; buyer: purchases >= 1; browser}
 * @param timeField the event's time, for time buckets, latest values, first and last seen
 * @param zone      the zone of the time buckets' dates
 */
public record AggregationSpec(List<GroupField> groupBy, List<Measure> measures, List<Segment> segments,
                              JsonPointer timeField, ZoneId zone) {

    /** A group-by field, and its time bucket when it is one ({@code day(timestamp) as date}). */
    public record GroupField(String name, JsonPointer path, Optional<TimeBucket> bucket) {
    }

    /** A measure: its kind, the document field it is kept in, the event field it reads, the events it counts. */
    public record Measure(Kind kind, String name, Optional<JsonPointer> field, Optional<Filter> filter) {
    }

    public enum Kind {
        /** events */
        COUNT,
        /** the sum of a number field, exact (decimal) */
        SUM,
        /** the smallest and the largest value of a number field */
        MIN, MAX,
        /** events per value of a field: an object of counts */
        COUNT_BY,
        /** distinct values of a field; they are kept in the document, so only for fields of few values per group */
        DISTINCT,
        /** the field's value in the event of the latest event time */
        LATEST,
        /** the earliest and the latest event time (ISO-8601, UTC) */
        FIRST_SEEN, LAST_SEEN;

        boolean readsField() {
            return this != COUNT && this != FIRST_SEEN && this != LAST_SEEN;
        }
    }

    /** {@code where <field> = <value>} or {@code !=}: the events a measure counts. */
    public record Filter(JsonPointer field, String value, boolean equal) {
    }

    /** {@code name: condition and condition}; a rule with no condition matches every document. */
    public record Segment(String name, List<Condition> conditions) {
    }

    /** A comparison of a number in the aggregate document ({@code events.purchase}) with a constant. */
    public record Condition(List<String> path, String operator, double value) {
    }

    public enum TimeBucket {
        MINUTE("yyyy-MM-dd'T'HH:mm"), HOUR("yyyy-MM-dd'T'HH"), DAY("yyyy-MM-dd"), MONTH("yyyy-MM");

        final String pattern;

        TimeBucket(String pattern) {
            this.pattern = pattern;
        }
    }

    private static final Pattern ITEM = Pattern.compile(
            "(?<function>[a-z_]+)(?:\\((?<argument>[^)]*)\\))?(?:\\s+as\\s+(?<name>[A-Za-z0-9_]+))?"
                    + "(?:\\s+where\\s+(?<field>\\S+)\\s*(?<operator>!=|=)\\s*(?<value>.+))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONDITION = Pattern.compile("([A-Za-z0-9_.]+)\\s*(>=|<=|>|<|=)\\s*(-?[0-9.]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** Kept by the aggregation itself ({@link Aggregate}); no group or measure may be called so. */
    static final String BOOKKEEPING = "argus";

    public static AggregationSpec parse(String groupBy, String measures, String segments, String timeField,
                                        String zone) {
        JsonPointer time = path("time-field", timeField);
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: " + e.getMessage());
        }
        List<GroupField> groups = new ArrayList<>();
        for (String item : items(groupBy, ",")) {
            groups.add(groupField(item));
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("group-by: at least one field is needed");
        }
        List<Measure> kept = new ArrayList<>();
        for (String item : items(measures, ",")) {
            kept.add(measure(item));
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("measures: at least one is needed (count, for one)");
        }
        List<Segment> rules = new ArrayList<>();
        for (String item : items(segments, ";")) {
            rules.add(segment(item));
        }
        Set<String> names = new HashSet<>(Set.of(BOOKKEEPING));
        groups.forEach(group -> unique(names, group.name()));
        kept.forEach(measure -> unique(names, measure.name()));
        if (!rules.isEmpty()) {
            unique(names, "segment");
        }
        return new AggregationSpec(List.copyOf(groups), List.copyOf(kept), List.copyOf(rules), time, zoneId);
    }

    /** Whether an event needs a valid time: for a bucket, a latest value, or first and last seen. */
    public boolean needsTime() {
        return groupBy.stream().anyMatch(group -> group.bucket().isPresent()) || measures.stream()
                .anyMatch(m -> m.kind() == Kind.LATEST || m.kind() == Kind.FIRST_SEEN || m.kind() == Kind.LAST_SEEN);
    }

    private static GroupField groupField(String item) {
        if (!item.contains("(")) {
            String[] field = item.split("\\s+as\\s+", 2);
            String name = field.length == 2 ? field[1].trim() : lastName(field[0]);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("group-by: '" + item + "': the name must be letters, digits or _");
            }
            return new GroupField(name, path("group-by", field[0]), Optional.empty());
        }
        Matcher matcher = matcher("group-by", item);
        if (matcher.group("field") != null) {
            throw new IllegalArgumentException("group-by: '" + item + "' has a where clause, which only measures have");
        }
        String function = matcher.group("function").toLowerCase(Locale.ROOT);
        String argument = matcher.group("argument");
        TimeBucket bucket;
        try {
            bucket = TimeBucket.valueOf(function.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group-by: '" + item + "': " + function
                    + " is no time bucket (minute, hour, day or month)");
        }
        return new GroupField(Optional.ofNullable(matcher.group("name")).orElse(function), path("group-by", argument),
                Optional.of(bucket));
    }

    private static Measure measure(String item) {
        Matcher matcher = matcher("measures", item);
        Kind kind;
        try {
            kind = Kind.valueOf(matcher.group("function").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("measures: '" + item + "': " + matcher.group("function")
                    + " is none of count, sum, min, max, count_by, distinct, latest, first_seen, last_seen");
        }
        String argument = matcher.group("argument");
        if (kind.readsField() == (argument == null || argument.isBlank())) {
            throw new IllegalArgumentException("measures: '" + item + "': " + kind.name().toLowerCase(Locale.ROOT)
                    + (kind.readsField() ? " needs a field, as in sum(price)" : " takes no field"));
        }
        Optional<JsonPointer> field = kind.readsField() ? Optional.of(path("measures", argument)) : Optional.empty();
        String name = Optional.ofNullable(matcher.group("name")).orElseGet(() -> field
                .map(f -> kind.name().toLowerCase(Locale.ROOT) + "_" + lastName(argument))
                .orElse(kind.name().toLowerCase(Locale.ROOT)));
        Optional<Filter> filter = Optional.ofNullable(matcher.group("field")).map(f -> new Filter(path("measures", f),
                unquote(matcher.group("value").trim()), "=".equals(matcher.group("operator"))));
        return new Measure(kind, name, field, filter);
    }

    private static Segment segment(String item) {
        int colon = item.indexOf(':');
        String name = (colon < 0 ? item : item.substring(0, colon)).trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("segments: '" + item + "': the name must be letters, digits or _");
        }
        List<Condition> conditions = new ArrayList<>();
        if (colon >= 0) {
            for (String condition : items(item.substring(colon + 1), "\\s+and\\s+")) {
                Matcher matcher = CONDITION.matcher(condition);
                if (!matcher.matches()) {
                    throw new IllegalArgumentException("segments: '" + condition
                            + "' is not <field> <op> <number> (op: >=, >, <=, <, =)");
                }
                conditions.add(new Condition(List.of(matcher.group(1).split("\\.")), matcher.group(2),
                        Double.parseDouble(matcher.group(3))));
            }
        }
        return new Segment(name, List.copyOf(conditions));
    }

    private static Matcher matcher(String parameter, String item) {
        Matcher matcher = ITEM.matcher(item);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(parameter + ": cannot read '" + item + "'");
        }
        return matcher;
    }

    /** A JSON path of object fields, {@code $.request.url} or {@code request.url}, as a JSON pointer. */
    static JsonPointer path(String parameter, String path) {
        String trimmed = path.trim();
        String dotted = trimmed.startsWith("$.") ? trimmed.substring(2) : trimmed;
        if (dotted.isEmpty() || !dotted.matches("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*")) {
            throw new IllegalArgumentException(parameter + ": '" + path
                    + "' is no field path (name, a.b.c or $.a.b.c: letters, digits, _ and -)");
        }
        return JsonPointer.compile("/" + dotted.replace('.', '/'));
    }

    private static String lastName(String path) {
        String trimmed = path.trim();
        return trimmed.substring(trimmed.lastIndexOf('.') + 1);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\"")) ? value.substring(1, value.length() - 1) : value;
    }

    private static List<String> items(String text, String separator) {
        List<String> items = new ArrayList<>();
        for (String item : (text == null ? "" : text).split(separator)) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static void unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("'" + name + "' names two fields of the document (or is reserved);"
                    + " rename one with 'as'");
        }
    }
}
