package io.argus.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramAggregation;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.util.NamedValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.argus.services.ServiceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dashboard's questions about counts, built with the Elasticsearch client's typed API. Each
 * search reads two indices of the same documents ({@link CountsDocuments}): the batch counts for
 * the buckets the last successful batch run confirmed (those before {@link #confirmedUntil()}), and
 * the live counts for the later ones. The batch wins where it has counted; no bucket is counted by
 * both, and none by neither. A missing index reads as no data; an unreachable Elasticsearch is a
 * {@link ServiceUnavailableException}.
 */
public final class CountsQueries {
    /**
     * Points per series at most: with the API's 20 labels at most and their sum, a timeline stays
     * under Elasticsearch's default limit of 65,536 buckets per search.
     */
    public static final int MAX_POINTS = 3_000;
    private static final int MAX_LABELS = 1_000;
    private static final String LABEL = CountsDocuments.LABEL;
    private static final String COUNT = CountsDocuments.COUNT;
    private static final String BUCKET = CountsDocuments.TIME_BUCKET;

    /** Distinct searches kept at most; beyond, the least used go first. */
    private static final int CACHED_SEARCHES = 1_000;

    private final ElasticsearchClient es;
    private final String index;
    private final String liveIndex;
    private final CountsBoundary boundary;
    private final Optional<Cache<String, SearchResponse<Void>>> cache;

    /**
     * @param index          the batch counts
     * @param liveIndex      the live counts
     * @param boundary       where the batch's counts end
     * @param cacheTtl       how long an answer is reused for the same search; zero searches every time
     */
    public CountsQueries(ElasticsearchClient es, String index, String liveIndex,
                         CountsBoundary boundary, Duration cacheTtl) {
        this.es = es;
        this.index = index;
        this.liveIndex = liveIndex;
        this.boundary = boundary;
        this.cache = cacheTtl.isZero() ? Optional.empty() : Optional.of(Caffeine.newBuilder()
                .maximumSize(CACHED_SEARCHES).expireAfterWrite(cacheTtl).build());
    }

    /** Counts of buckets before this are the batch's; from it on, they are live. Empty: all are live ({@link CountsBoundary}). */
    public Optional<Instant> confirmedUntil() {
        return boundary.confirmedUntil();
    }

    public record LabelCount(String label, long count) {
    }

    /** A timeline point; {@code live} when its counts are (partly) live, not yet confirmed by a batch run. */
    public record Point(String t, long y, boolean live) {
    }

    /** The indexed buckets' first and last start, or empty when nothing is indexed. */
    public record DataRange(Instant first, Instant last) {
    }

    /** Labels by total count in the range, largest first (ties by name). */
    public List<LabelCount> labelCounts(TimeRange range, int limit) {
        SearchResponse<Void> response = search(labelCountsRequest(range, limit));
        List<LabelCount> counts = new ArrayList<>();
        for (StringTermsBucket bucket : terms(response, "labels")) {
            counts.add(new LabelCount(bucket.key().stringValue(), total(bucket.aggregations())));
        }
        return counts;
    }

    /** The search behind {@link #labelCounts}, as sent to Elasticsearch. */
    public SearchRequest labelCountsRequest(TimeRange range, int limit) {
        return request(s -> s.query(filter(range, List.of()))
                .aggregations("labels", a -> a.terms(t -> t.field(LABEL).size(Math.min(limit, MAX_LABELS))
                                .order(NamedValue.of("total", SortOrder.Desc), NamedValue.of("_key", SortOrder.Asc)))
                        .aggregations("total", sum -> sum.sum(f -> f.field(COUNT)))));
    }

    public long count(String label, TimeRange range) {
        SearchResponse<Void> response = search(request(s -> s.query(filter(range, List.of(label)))
                .aggregations("total", sum -> sum.sum(f -> f.field(COUNT)))));
        return total(response.aggregations());
    }

    public Optional<DataRange> dataRange() {
        SearchResponse<Void> response = search(request(s -> s.query(sources(confirmedUntil()))
                .aggregations("first", a -> a.min(m -> m.field(BUCKET)))
                .aggregations("last", a -> a.max(m -> m.field(BUCKET)))));
        if (response.aggregations().isEmpty()) {
            return Optional.empty();
        }
        Double first = response.aggregations().get("first").min().value();
        Double last = response.aggregations().get("last").max().value();
        if (first == null || last == null || first.isInfinite() || last.isInfinite()) {
            return Optional.empty();
        }
        return Optional.of(new DataRange(Instant.ofEpochMilli(first.longValue()), Instant.ofEpochMilli(last.longValue())));
    }

    /**
     * Per label, the count in every bucket of {@code interval} in {@code zone} from {@code from}
     * (inclusive) to {@code to} (exclusive), empty buckets as 0; bucket starts as ISO-8601 in the zone.
     */
    public Map<String, List<Point>> timeline(List<String> labels, Instant from, Instant to, Interval interval,
                                             ZoneId zone) {
        Map<String, List<Point>> series = new LinkedHashMap<>();
        Map<String, Map<Long, Long>> found = new HashMap<>();
        List<Long> starts = new ArrayList<>();
        if (from.isBefore(to)) {
            SearchResponse<Void> response = search(timelineRequest(labels, from, to, interval, zone));
            Aggregate buckets = response.aggregations().get("buckets");
            if (buckets != null) {
                buckets.dateHistogram().buckets().array().forEach(bucket -> starts.add(bucket.key()));
            }
            for (StringTermsBucket label : terms(response, "labels")) {
                Map<Long, Long> points = new HashMap<>();
                for (DateHistogramBucket bucket : label.aggregations().get("timeline").dateHistogram().buckets().array()) {
                    points.put(bucket.key(), total(bucket.aggregations()));
                }
                found.put(label.key().stringValue(), points);
            }
        }
        Optional<Instant> confirmed = confirmedUntil();
        for (String label : labels) {
            Map<Long, Long> points = found.getOrDefault(label, Map.of());
            series.put(label, starts.stream().map(start -> new Point(
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(start).atZone(zone)),
                    points.getOrDefault(start, 0L),
                    CountsBoundary.live(confirmed, Instant.ofEpochMilli(start), interval.duration()))).toList());
        }
        return series;
    }

    /** The search behind {@link #timeline}, as sent to Elasticsearch. */
    public SearchRequest timelineRequest(List<String> labels, Instant from, Instant to, Interval interval,
                                         ZoneId zone) {
        TimeRange range = new TimeRange(Optional.of(from), Optional.of(to));
        // The histogram over all labels gives every bucket start, empty ones included, for labels without data.
        return request(s -> s.query(filter(range, labels))
                .aggregations("buckets", h -> h.dateHistogram(histogram(from, to, interval, zone)))
                .aggregations("labels", a -> a.terms(t -> t.field(LABEL).size(labels.size()))
                        .aggregations("timeline", h -> h.dateHistogram(histogram(from, to, interval, zone))
                                .aggregations("total", sum -> sum.sum(f -> f.field(COUNT))))));
    }

    private static DateHistogramAggregation histogram(Instant from, Instant to, Interval interval, ZoneId zone) {
        return DateHistogramAggregation.of(h -> {
            h.field(BUCKET).timeZone(zone.getId()).minDocCount(0)
                    .extendedBounds(b -> b.min(FieldDateMath.of(m -> m.value((double) from.toEpochMilli())))
                            .max(FieldDateMath.of(m -> m.value((double) to.minusMillis(1).toEpochMilli()))));
            if (interval.calendar()) {
                h.calendarInterval(switch (interval.unit()) {
                    case 'm' -> CalendarInterval.Minute;
                    case 'h' -> CalendarInterval.Hour;
                    case 'd' -> CalendarInterval.Day;
                    default -> CalendarInterval.Week;
                });
            } else {
                h.fixedInterval(t -> t.time(interval.duration().toMinutes() + "m"));
            }
            return h;
        });
    }

    private Query filter(TimeRange range, List<String> labels) {
        Optional<Instant> confirmed = confirmedUntil();
        return Query.of(q -> q.bool(b -> {
            b.filter(sources(confirmed));
            if (!labels.isEmpty()) {
                b.filter(f -> f.terms(t -> t.field(LABEL)
                        .terms(v -> v.value(labels.stream().map(FieldValue::of).toList()))));
            }
            if (range.from().isPresent() || range.to().isPresent()) {
                b.filter(f -> f.range(r -> r.date(d -> {
                    d.field(BUCKET);
                    range.from().ifPresent(from -> d.gte(from.toString()));
                    range.to().ifPresent(to -> d.lt(to.toString()));
                    return d;
                })));
            }
            return b;
        }));
    }

    /** The batch counts before {@code confirmed}, the live ones from it on; only the live ones before any batch run. */
    private Query sources(Optional<Instant> confirmed) {
        if (confirmed.isEmpty()) {
            return Query.of(q -> q.term(t -> t.field("_index").value(liveIndex)));
        }
        String until = confirmed.get().toString();
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(s -> s.bool(batch -> batch.filter(f -> f.term(t -> t.field("_index").value(index)))
                        .filter(f -> f.range(r -> r.date(d -> d.field(BUCKET).lt(until))))))
                .should(s -> s.bool(live -> live.filter(f -> f.term(t -> t.field("_index").value(liveIndex)))
                        .filter(f -> f.range(r -> r.date(d -> d.field(BUCKET).gte(until))))))));
    }

    private static List<StringTermsBucket> terms(SearchResponse<Void> response, String name) {
        Aggregate aggregate = response.aggregations().get(name);
        return aggregate == null ? List.of() : aggregate.sterms().buckets().array();
    }

    private static long total(Map<String, Aggregate> aggregations) {
        Aggregate total = aggregations.get("total");
        return total == null ? 0 : Math.round(total.sum().value());
    }

    private SearchRequest request(Function<SearchRequest.Builder, SearchRequest.Builder> request) {
        return SearchRequest.of(s -> request.apply(s.index(index, liveIndex).size(0).ignoreUnavailable(true)
                .allowNoIndices(true)
                .trackTotalHits(t -> t.enabled(false))));
    }

    /** The answer to the search, from the cache while it is fresh; a failed search is not cached. */
    private SearchResponse<Void> search(SearchRequest request) {
        return cache.map(answers -> answers.get(JsonpUtils.toJsonString(request, es._jsonpMapper()),
                key -> send(request))).orElseGet(() -> send(request));
    }

    private SearchResponse<Void> send(SearchRequest request) {
        try {
            return es.search(request, Void.class);
        } catch (IOException e) {
            throw new ServiceUnavailableException("Elasticsearch is unavailable: " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            if (e.status() >= 500) {
                throw new ServiceUnavailableException("Elasticsearch cannot answer: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
