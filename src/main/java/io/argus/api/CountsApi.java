package io.argus.api;

import io.argus.index.CountsQueries;
import io.argus.index.Interval;
import io.argus.index.TimeRange;
import io.argus.shared.BucketSize;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The original dashboard's three endpoints, with their response shapes unchanged, plus
 * {@code /api/labels}. All take {@code from} and {@code to}; without them the range is the whole
 * range of indexed data.
 */
public final class CountsApi {
    /** In every answer about counts: counts of buckets before it are batch-confirmed, the later ones live. */
    static final String CONFIRMED_UNTIL = "confirmed_until";
    /** Points the automatic interval aims at, at most. */
    private static final int AUTOMATIC_POINTS = 500;
    private static final int MAX_LABEL_COUNTS = 1_000;

    private final CountsQueries counts;
    private final JsonResponses responses;
    private final BucketSize bucketSize;
    private final Clock clock;

    public CountsApi(CountsQueries counts, JsonResponses responses, BucketSize bucketSize, Clock clock) {
        this.counts = counts;
        this.responses = responses;
        this.bucketSize = bucketSize;
        this.clock = clock;
    }

    /** {@code GET /api/count_specific?label=L} → {@code {"label": L, "count_in_range": N}}. */
    public void countSpecific(Exchange exchange) throws Exception {
        QueryParameters parameters = parameters(exchange);
        String label = parameters.label();
        TimeRange range = parameters.range(parameters.zone());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("label", label);
        body.put("count_in_range", counts.count(label, range));
        body.put(CONFIRMED_UNTIL, confirmedUntil());
        responses.respond(exchange, 200, body);
    }

    /** {@code GET /api/label_counts} → {@code {"labels": [...], "counts": [...]}}, largest first. */
    public void labelCounts(Exchange exchange) throws Exception {
        QueryParameters parameters = parameters(exchange);
        TimeRange range = parameters.range(parameters.zone());
        List<CountsQueries.LabelCount> found = counts.labelCounts(range,
                parameters.limit(MAX_LABEL_COUNTS, MAX_LABEL_COUNTS));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("labels", found.stream().map(CountsQueries.LabelCount::label).toList());
        body.put("counts", found.stream().map(CountsQueries.LabelCount::count).toList());
        body.put(CONFIRMED_UNTIL, confirmedUntil());
        responses.respond(exchange, 200, body);
    }

    /** {@code GET /api/labels} → {@code {"labels": [{"label": L, "total": N}, ...]}}, largest first. */
    public void labels(Exchange exchange) throws Exception {
        QueryParameters parameters = parameters(exchange);
        TimeRange range = parameters.range(parameters.zone());
        List<Map<String, Object>> labels = counts.labelCounts(range, MAX_LABEL_COUNTS).stream()
                .map(count -> Map.<String, Object>of("label", count.label(), "total", count.count())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("labels", labels);
        body.put(CONFIRMED_UNTIL, confirmedUntil());
        responses.respond(exchange, 200, body);
    }

    /**
     * {@code GET /api/timeline?label=a&label=b&interval=1h&tz=Europe/Berlin} →
     * {@code {"a": [{"t": ISO, "y": N}, ...], ...}}: every bucket of the range, empty ones as 0,
     * bucket starts in the zone. Without {@code interval}, the shortest of 1m, 5m, 15m, 30m, 1h,
     * 3h, 6h, 12h, 1d, 1w that is no shorter than the batch buckets and gives at most 500 points.
     */
    public void timeline(Exchange exchange) throws Exception {
        QueryParameters parameters = parameters(exchange);
        List<String> labels = parameters.labels(true);
        ZoneId zone = parameters.zone();
        TimeRange range = parameters.range(zone);
        Optional<Interval> requested = parameters.interval();
        Optional<CountsQueries.DataRange> data = range.from().isPresent() && range.to().isPresent()
                ? Optional.empty() : counts.dataRange();
        Optional<Instant> from = range.from().or(() -> data.map(CountsQueries.DataRange::first));
        // The last bucket of data ends one batch bucket after its start.
        Optional<Instant> to = range.to().or(() -> data.map(found -> found.last().plus(bucketSize.duration())));
        if (from.isEmpty() || to.isEmpty()) {
            Map<String, Object> empty = new LinkedHashMap<>();
            labels.forEach(label -> empty.put(label, List.of()));
            responses.respond(exchange, 200, empty);
            return;
        }
        Duration span = Duration.between(from.get(), to.get());
        Interval interval = requested.orElseGet(() -> Interval.automatic(span, bucketSize.duration(), AUTOMATIC_POINTS));
        long points = span.isNegative() ? 0 : span.dividedBy(interval.duration()) + 1;
        if (points > CountsQueries.MAX_POINTS) {
            throw new BadParameterException("interval", "interval " + interval + " cuts the range into " + points
                    + " points, more than " + CountsQueries.MAX_POINTS + ": choose a longer interval or a shorter range");
        }
        responses.respond(exchange, 200, counts.timeline(labels, from.get(), to.get(), interval, zone));
    }

    /** Where the batch-confirmed counts end and the live ones begin (ISO-8601), null before any batch run. */
    private String confirmedUntil() {
        return counts.confirmedUntil().map(Instant::toString).orElse(null);
    }

    private QueryParameters parameters(Exchange exchange) {
        return new QueryParameters(exchange.getMessage(), clock);
    }
}
