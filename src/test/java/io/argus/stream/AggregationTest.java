package io.argus.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A declared aggregation applied to events: group ids, each measure, segments, replays and refusals. */
class AggregationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Aggregation statusCounts = new Aggregation(AggregationSpec.parse(
            "org_id, day(timestamp) as date, status", "count", "", "timestamp", "UTC"));
    private final Aggregation profiles = new Aggregation(AggregationSpec.parse("$.user.id as user_id",
            "count_by(event_type) as events, sum(price) as total_spend where event_type = purchase,"
                    + " count as purchases where event_type = purchase, distinct(product_id) as products,"
                    + " min(price), max(price), latest(event_type), first_seen, last_seen",
            "vip: total_spend >= 100; customer: purchases >= 1; browser", "at", "Europe/Paris"));

    @Test
    void theGroupsValuesJoinedByUnderscoreAreTheDocumentId() throws Exception {
        Aggregation.Contribution contribution = statusCounts.contribution(event(
                "{\"org_id\":\"org1\",\"url\":\"/x\",\"status\":404,\"timestamp\":\"2025-05-20T23:59:59Z\"}"), "logs-0", 7);
        assertThat(contribution.id()).isEqualTo("org1_2025-05-20_404");
        ObjectNode document = JSON.createObjectNode();
        assertThat(statusCounts.apply(document, contribution)).isTrue();
        assertThat(document.path("org_id").asText()).isEqualTo("org1");
        assertThat(document.path("date").asText()).isEqualTo("2025-05-20");
        assertThat(document.path("status").asInt()).isEqualTo(404);
        assertThat(document.path("count").asLong()).isEqualTo(1);
    }

    @Test
    void timeBucketsAreDatesInTheAggregationsZone() throws Exception {
        Aggregation paris = new Aggregation(AggregationSpec.parse("day(timestamp)", "count", "", "timestamp",
                "Europe/Paris"));
        assertThat(paris.contribution(event("{\"timestamp\":\"2025-05-20T23:30:00Z\"}"), "t-0", 0).id())
                .isEqualTo("2025-05-21");
        assertThat(paris.contribution(event("{\"timestamp\":1747783800000}"), "t-0", 1).id())
                .as("epoch milliseconds").isEqualTo("2025-05-21");
    }

    @Test
    void anEventAlreadyAppliedFromItsPartitionChangesNothing() throws Exception {
        ObjectNode document = JSON.createObjectNode();
        JsonNode event = event("{\"org_id\":\"org1\",\"status\":200,\"timestamp\":\"2025-05-20T10:00:00Z\"}");
        assertThat(statusCounts.apply(document, statusCounts.contribution(event, "logs-0", 5))).isTrue();
        assertThat(statusCounts.apply(document, statusCounts.contribution(event, "logs-0", 5))).isFalse();
        assertThat(statusCounts.apply(document, statusCounts.contribution(event, "logs-0", 3))).isFalse();
        assertThat(statusCounts.apply(document, statusCounts.contribution(event, "logs-1", 3))).as("another partition")
                .isTrue();
        assertThat(statusCounts.apply(document, statusCounts.contribution(event, "logs-0", 6))).isTrue();
        assertThat(document.path("count").asLong()).isEqualTo(3);
    }

    @Test
    void aProfileKeepsEveryMeasureAndItsSegment() throws Exception {
        ObjectNode profile = JSON.createObjectNode();
        apply(profile, "{\"user\":{\"id\":\"u1\"},\"event_type\":\"view\",\"product_id\":\"p1\",\"price\":\"0.10\","
                + "\"at\":\"2025-05-20T10:00:00\"}", 0);
        assertThat(profile.path("segment").asText()).isEqualTo("browser");
        apply(profile, "{\"user\":{\"id\":\"u1\"},\"event_type\":\"purchase\",\"product_id\":\"p2\",\"price\":0.20,"
                + "\"at\":\"2025-05-20T07:00:00Z\"}", 1);
        apply(profile, "{\"user\":{\"id\":\"u1\"},\"event_type\":\"purchase\",\"product_id\":\"p2\",\"price\":99.80,"
                + "\"at\":\"2025-05-20T06:00:00Z\"}", 2);

        assertThat(profile.path("user_id").asText()).isEqualTo("u1");
        assertThat(profile.path("events").path("view").asLong()).isEqualTo(1);
        assertThat(profile.path("events").path("purchase").asLong()).isEqualTo(2);
        assertThat(profile.path("total_spend").decimalValue()).as("exact, purchases only")
                .isEqualByComparingTo(new BigDecimal("100.00"));
        assertThat(profile.path("purchases").asLong()).isEqualTo(2);
        assertThat(profile.path("products").asInt()).isEqualTo(2);
        assertThat(profile.path("min_price").decimalValue()).isEqualByComparingTo("0.10");
        assertThat(profile.path("max_price").decimalValue()).isEqualByComparingTo("99.80");
        assertThat(profile.path("latest_event_type").asText()).as("by event time, not arrival").isEqualTo("view");
        assertThat(profile.path("first_seen").asText()).isEqualTo("2025-05-20T06:00:00Z");
        assertThat(profile.path("last_seen").asText()).as("a local time in the zone").isEqualTo("2025-05-20T08:00:00Z");
        assertThat(profile.path("segment").asText()).isEqualTo("vip");
    }

    @Test
    void anEventThatCannotCountIsRefusedWithTheReason() {
        assertThatThrownBy(() -> statusCounts.contribution(event("[1]"), "t-0", 0))
                .hasMessage("the event is not a JSON object");
        assertThatThrownBy(() -> statusCounts.contribution(event("{\"org_id\":\"o\",\"timestamp\":\"2025-05-20T10:00:00Z\"}"),
                "t-0", 0)).hasMessage("no value at /status (group-by status)");
        assertThatThrownBy(() -> statusCounts.contribution(event("{\"org_id\":\"o\",\"status\":1,\"timestamp\":\"soon\"}"),
                "t-0", 0)).hasMessage("'soon' at /timestamp is no time");
        assertThatThrownBy(() -> profiles.contribution(event("{\"user\":{\"id\":\"u\"},\"event_type\":\"purchase\","
                + "\"product_id\":\"p\",\"price\":\"free\",\"at\":\"2025-05-20T10:00:00Z\"}"), "t-0", 0))
                .hasMessage("no number at /price (measure total_spend)");
    }

    @Test
    void aDeclarationMistakeNamesTheParameterAndTheReason() {
        assertThatThrownBy(() -> AggregationSpec.parse("org_id", "avg(x)", "", "timestamp", "UTC"))
                .hasMessageStartingWith("measures: 'avg(x)': avg is none of count, sum");
        assertThatThrownBy(() -> AggregationSpec.parse("week(timestamp)", "count", "", "timestamp", "UTC"))
                .hasMessageContaining("week is no time bucket");
        assertThatThrownBy(() -> AggregationSpec.parse("org_id", "sum", "", "timestamp", "UTC"))
                .hasMessageContaining("sum needs a field");
        assertThatThrownBy(() -> AggregationSpec.parse("count", "count", "", "timestamp", "UTC"))
                .hasMessageContaining("'count' names two fields");
        assertThatThrownBy(() -> AggregationSpec.parse("org_id", "count", "", "timestamp", "Mars/Olympus"))
                .hasMessageStartingWith("zone:");
        assertThatThrownBy(() -> AggregationSpec.parse("org..id as org", "count", "", "timestamp", "UTC"))
                .hasMessageContaining("is no field path");
    }

    private void apply(ObjectNode profile, String event, long offset) throws Exception {
        assertThat(profiles.apply(profile, profiles.contribution(event(event), "shop-0", offset))).isTrue();
    }

    private static JsonNode event(String json) throws Exception {
        return JSON.readTree(json);
    }
}
