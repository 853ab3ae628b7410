package io.argus.index;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.services.ElasticsearchAccess;
import io.argus.services.ElasticsearchClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The counts searches as they are sent: both indices, the batch's counts before the boundary and the
 * live ones from it, the labels and the range as filters, a histogram with every bucket. (That the
 * engines answer them as meant is LiveCountsIT's and DashboardApiIT's.)
 */
class CountsQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Never called: the requests are only built. */
    private static final ElasticsearchClient UNREACHABLE = ElasticsearchClients.create(new ElasticsearchAccess(
            URI.create("http://127.0.0.1:9"), Optional.empty(), Optional.empty(), Optional.empty()));
    private static final Instant UNTIL = Instant.parse("2026-11-25T10:00:00Z");

    @AfterAll
    static void close() throws Exception {
        UNREACHABLE._transport().close();
    }

    private static CountsQueries queries(Optional<Instant> confirmedUntil) {
        return new CountsQueries(UNREACHABLE, "counts", "live", CountsBoundary.at(confirmedUntil), Duration.ZERO);
    }

    private static JsonNode sent(SearchRequest request) throws Exception {
        return JSON.readTree(JsonpUtils.toJsonString(request, UNREACHABLE._jsonpMapper()));
    }

    @Test
    void labelCountsSumTheBatchsCountsBeforeTheBoundaryAndTheLiveOnesFromIt() throws Exception {
        SearchRequest request = queries(Optional.of(UNTIL)).labelCountsRequest(
                new TimeRange(Optional.of(Instant.parse("2026-11-24T00:00:00Z")), Optional.empty()), 5);
        assertThat(request.index()).containsExactly("counts", "live");
        JsonNode body = sent(request);
        assertThat(body.path("size").asInt()).isZero();
        JsonNode filters = body.path("query").path("bool").path("filter");
        JsonNode sources = filters.get(0).path("bool").path("should");
        assertThat(sources).hasSize(2);
        assertThat(sources.get(0).toString()).contains("\"_index\":{\"value\":\"counts\"}")
                .contains("\"lt\":\"" + UNTIL + "\"");
        assertThat(sources.get(1).toString()).contains("\"_index\":{\"value\":\"live\"}")
                .contains("\"gte\":\"" + UNTIL + "\"");
        assertThat(filters.get(1).path("range").path("time_bucket").path("gte").asText())
                .isEqualTo("2026-11-24T00:00:00Z");
        JsonNode labels = body.path("aggregations").path("labels");
        assertThat(labels.path("terms").path("field").asText()).isEqualTo("label");
        assertThat(labels.path("terms").path("size").asInt()).isEqualTo(5);
        assertThat(labels.path("aggregations").path("total").path("sum").path("field").asText()).isEqualTo("count");
    }

    @Test
    void beforeAnyBatchRunOnlyTheLiveCountsAreRead() throws Exception {
        JsonNode filters = sent(queries(Optional.empty()).labelCountsRequest(TimeRange.ALL, 10))
                .path("query").path("bool").path("filter");
        assertThat(filters).hasSize(1);
        assertThat(filters.get(0).path("term").path("_index").path("value").asText()).isEqualTo("live");
    }

    @Test
    void aTimelineFiltersItsLabelsAndHasEveryBucketOfTheRangeInTheZone() throws Exception {
        Instant from = Instant.parse("2026-11-20T00:00:00Z");
        Instant to = Instant.parse("2026-11-25T00:00:00Z");
        JsonNode body = sent(queries(Optional.of(UNTIL)).timelineRequest(List.of("car", "person"), from, to,
                Interval.parse("1d"), ZoneId.of("Europe/Berlin")));
        JsonNode filters = body.path("query").path("bool").path("filter");
        assertThat(filters.get(1).path("terms").path("label").toString()).isEqualTo("[\"car\",\"person\"]");
        JsonNode histogram = body.path("aggregations").path("buckets").path("date_histogram");
        assertThat(histogram.path("calendar_interval").asText()).isEqualTo("day");
        assertThat(histogram.path("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(histogram.path("min_doc_count").asInt()).isZero();
        assertThat(histogram.path("extended_bounds").path("min").asLong()).isEqualTo(from.toEpochMilli());
        assertThat(histogram.path("extended_bounds").path("max").asLong()).isEqualTo(to.toEpochMilli() - 1);
        JsonNode perLabel = body.path("aggregations").path("labels");
        assertThat(perLabel.path("terms").path("size").asInt()).isEqualTo(2);
        assertThat(perLabel.path("aggregations").path("timeline").path("date_histogram").path("calendar_interval")
                .asText()).isEqualTo("day");

        JsonNode fixed = sent(queries(Optional.empty()).timelineRequest(List.of("car"), from, to,
                Interval.parse("15m"), ZoneId.of("UTC")));
        assertThat(fixed.path("aggregations").path("buckets").path("date_histogram").path("fixed_interval").asText())
                .isEqualTo("15m");
    }
}
