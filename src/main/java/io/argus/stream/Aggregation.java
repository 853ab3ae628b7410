package io.argus.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.stream.AggregationSpec.Condition;
import io.argus.stream.AggregationSpec.GroupField;
import io.argus.stream.AggregationSpec.Measure;
import io.argus.stream.AggregationSpec.Segment;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An {@link AggregationSpec} applied to events: an event becomes a {@link Contribution} to one group
 * (or is refused with the reason), and a contribution is applied to the group's document once. The
 * document keeps, under {@code argus.offsets}, the last offset applied per topic partition, so an
 * event given again after a crash or a rebalance (Kafka delivers at least once) changes nothing.
 */
public final class Aggregation {
    /** Elasticsearch refuses longer ids; longer groups get the SHA-256 of theirs. */
    private static final int MAX_ID_BYTES = 512;

    private final AggregationSpec spec;
    private final boolean needsTime;
    private final Map<AggregationSpec.TimeBucket, DateTimeFormatter> bucketFormats =
            new EnumMap<>(AggregationSpec.TimeBucket.class);

    public Aggregation(AggregationSpec spec) {
        this.spec = spec;
        this.needsTime = spec.needsTime();
        for (AggregationSpec.TimeBucket bucket : AggregationSpec.TimeBucket.values()) {
            bucketFormats.put(bucket, DateTimeFormatter.ofPattern(bucket.pattern).withZone(spec.zone()));
        }
    }

    /**
     * What one event gives its group.
     *
     * @param id        the group's document id: its values joined by {@code _}
     * @param group     the group's fields, as the document holds them
     * @param partition where the event came from ({@code <topic>-<partition>}), with its offset
     */
    public record Contribution(String id, ObjectNode group, JsonNode event, Instant time, String partition,
                               long offset) {
    }

    /** An event this aggregation cannot count: not an object, or a group or measure field missing or of the wrong type. */
    public static final class InvalidEventException extends Exception {
        InvalidEventException(String message) {
            super(message, null, false, false);
        }
    }

    public Contribution contribution(JsonNode event, String partition, long offset) throws InvalidEventException {
        if (event == null || !event.isObject()) {
            throw new InvalidEventException("the event is not a JSON object");
        }
        Instant time = needsTime ? time(event, spec.timeField()) : null;
        ObjectNode group = JsonNodeFactory.instance.objectNode();
        List<String> values = new ArrayList<>(spec.groupBy().size());
        for (GroupField field : spec.groupBy()) {
            if (field.bucket().isPresent()) {
                Instant start = field.path().equals(spec.timeField()) ? time : time(event, field.path());
                String bucket = bucketFormats.get(field.bucket().get()).format(start);
                group.put(field.name(), bucket);
                values.add(bucket);
            } else {
                JsonNode value = event.at(field.path());
                if (!value.isValueNode() || value.isNull()) {
                    throw new InvalidEventException("no value at " + field.path() + " (group-by " + field.name() + ")");
                }
                group.set(field.name(), value);
                values.add(value.asText());
            }
        }
        for (Measure measure : spec.measures()) {
            if (counts(measure, event) && measure.field().isPresent()) {
                JsonNode value = event.at(measure.field().get());
                boolean numeric = measure.kind() == AggregationSpec.Kind.SUM || measure.kind() == AggregationSpec.Kind.MIN
                        || measure.kind() == AggregationSpec.Kind.MAX;
                if (value.isMissingNode() || value.isNull() || numeric && number(value) == null) {
                    throw new InvalidEventException((numeric ? "no number at " : "no value at ") + measure.field().get()
                            + " (measure " + measure.name() + ")");
                }
            }
        }
        return new Contribution(id(String.join("_", values)), group, event, time, partition, offset);
    }

    /** Applies a contribution to its group's document, unless the document has it already; true if it changed. */
    public boolean apply(ObjectNode document, Contribution contribution) {
        ObjectNode book = document.withObjectProperty(AggregationSpec.BOOKKEEPING);
        ObjectNode offsets = book.withObjectProperty("offsets");
        JsonNode applied = offsets.get(contribution.partition());
        if (applied != null && applied.asLong() >= contribution.offset()) {
            return false;
        }
        offsets.put(contribution.partition(), contribution.offset());
        document.setAll(contribution.group());
        for (Measure measure : spec.measures()) {
            if (counts(measure, contribution.event())) {
                apply(document, book, measure, contribution);
            }
        }
        segment(document);
        return true;
    }

    private void apply(ObjectNode document, ObjectNode book, Measure measure, Contribution contribution) {
        JsonNode value = measure.field().map(contribution.event()::at).orElse(null);
        String name = measure.name();
        switch (measure.kind()) {
            case COUNT -> document.put(name, document.path(name).asLong() + 1);
            case SUM -> document.put(name, decimal(document.get(name)).add(number(value)));
            case MIN, MAX -> {
                BigDecimal number = number(value);
                JsonNode kept = document.get(name);
                int order = kept == null ? 0 : number.compareTo(decimal(kept));
                if (kept == null || (measure.kind() == AggregationSpec.Kind.MIN ? order < 0 : order > 0)) {
                    document.put(name, number);
                }
            }
            case COUNT_BY -> {
                ObjectNode counts = document.withObjectProperty(name);
                counts.put(value.asText(), counts.path(value.asText()).asLong() + 1);
            }
            case DISTINCT -> {
                ArrayNode seen = book.withObjectProperty("distinct").withArrayProperty(name);
                boolean known = false;
                for (JsonNode element : seen) {
                    known |= element.asText().equals(value.asText());
                }
                if (!known) {
                    seen.add(value.asText());
                }
                document.put(name, seen.size());
            }
            case LATEST -> {
                ObjectNode times = book.withObjectProperty("latest");
                long time = contribution.time().toEpochMilli();
                // Equal times: the event read later wins.
                if (!times.has(name) || times.get(name).asLong() <= time) {
                    times.put(name, time);
                    document.set(name, value);
                }
            }
            case FIRST_SEEN, LAST_SEEN -> {
                JsonNode kept = document.get(name);
                Instant time = contribution.time();
                boolean first = measure.kind() == AggregationSpec.Kind.FIRST_SEEN;
                if (kept == null || (first ? time.isBefore(Instant.parse(kept.asText()))
                        : time.isAfter(Instant.parse(kept.asText())))) {
                    document.put(name, time.toString());
                }
            }
            default -> throw new IllegalStateException("unknown measure " + measure.kind());
        }
    }

    /** The first segment whose conditions the document meets; none, if no rule matches. */
    private void segment(ObjectNode document) {
        if (spec.segments().isEmpty()) {
            return;
        }
        document.remove("segment");
        for (Segment segment : spec.segments()) {
            if (segment.conditions().stream().allMatch(condition -> holds(document, condition))) {
                document.put("segment", segment.name());
                return;
            }
        }
    }

    private static boolean holds(ObjectNode document, Condition condition) {
        JsonNode node = document;
        for (String name : condition.path()) {
            node = node.path(name);
        }
        double value = node.asDouble(0);
        return switch (condition.operator()) {
            case ">=" -> value >= condition.value();
            case ">" -> value > condition.value();
            case "<=" -> value <= condition.value();
            case "<" -> value < condition.value();
            default -> value == condition.value();
        };
    }

    private static boolean counts(Measure measure, JsonNode event) {
        return measure.filter().map(filter -> {
            JsonNode value = event.at(filter.field());
            boolean equal = value.isValueNode() && !value.isNull() && value.asText().equals(filter.value());
            return equal == filter.equal();
        }).orElse(true);
    }

    /** Epoch milliseconds, ISO-8601 with an offset, or a local date-time or date in the aggregation's zone. */
    private Instant time(JsonNode event, com.fasterxml.jackson.core.JsonPointer field) throws InvalidEventException {
        JsonNode value = event.at(field);
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual()) {
            String text = value.asText().trim().replace(' ', 'T');
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException notWithOffset) {
                try {
                    return text.contains("T") ? LocalDateTime.parse(text).atZone(spec.zone()).toInstant()
                            : LocalDate.parse(text).atStartOfDay(spec.zone()).toInstant();
                } catch (DateTimeException e) {
                    throw new InvalidEventException("'" + value.asText() + "' at " + field + " is no time");
                }
            }
        }
        throw new InvalidEventException("no time at " + field + " (epoch milliseconds or ISO-8601)");
    }

    private static BigDecimal number(JsonNode value) {
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value != null && value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static BigDecimal decimal(JsonNode kept) {
        return kept == null ? BigDecimal.ZERO : kept.decimalValue();
    }

    private static String id(String joined) {
        byte[] bytes = joined.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ID_BYTES) {
            return joined;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
