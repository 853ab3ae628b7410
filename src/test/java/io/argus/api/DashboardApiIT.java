package io.argus.api;

import static io.argus.testing.KnownCounts.FIRST;
import static io.argus.testing.KnownCounts.HOURS;
import static io.argus.testing.KnownCounts.sum;
import static io.argus.testing.KnownCounts.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.batch.BatchRun;
import io.argus.detect.Box;
import io.argus.testing.KnownCounts;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.TestPhotos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's HTTP API over a known data set in the real counts index: the original endpoints'
 * response shapes, time ranges, intervals and zones, every validation case, and the per-image
 * detections, images, stats and health of a real image run through the flows.
 */
class DashboardApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    private RunningArgus startWithCounts() {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        base = "http://127.0.0.1:" + argus.config().api().port();
        KnownCounts.index(argus);
        return argus;
    }

    /** The counts change only when a batch run indexes: an answer is reused for argus.api.cache-ttl. */
    @Test
    void anAnswerIsReusedWithinTheCacheTtlWhileAnotherSearchAsksElasticsearch() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false", "argus.api.cache-ttl", "1h"));
        String index = argus.config().index().name();
        base = "http://127.0.0.1:" + argus.config().api().port();
        KnownCounts.index(argus);
        JsonNode first = ok("/api/label_counts");
        assertThat(first.path("labels")).hasSize(3);

        argus.elasticsearch().indices().delete(d -> d.index(index));

        assertThat(ok("/api/label_counts")).as("the same search, cached").isEqualTo(first);
        assertThat(ok("/api/label_counts?from=" + FIRST).path("labels")).as("another search, on the empty index")
                .isEmpty();
    }

    @Test
    void theOriginalEndpointsKeepTheirResponseShapesOverTheWholeRangeOfData() throws Exception {
        startWithCounts();

        JsonNode labelCounts = ok("/api/label_counts");
        assertThat(fieldNames(labelCounts)).containsExactly("labels", "counts", "confirmed_until");
        assertThat(JSON.convertValue(labelCounts.path("labels"), List.class)).containsExactly("person", "car", "dog");
        assertThat(JSON.convertValue(labelCounts.path("counts"), List.class))
                .containsExactly((int) sum("person"), (int) sum("car"), (int) sum("dog"));

        JsonNode count = ok("/api/count_specific?label=person");
        assertThat(fieldNames(count)).containsExactly("label", "count_in_range", "confirmed_until");
        assertThat(count.path("label").asText()).isEqualTo("person");
        assertThat(count.path("count_in_range").asLong()).isEqualTo(sum("person"));

        JsonNode timeline = ok("/api/timeline?label=dog&label=person&interval=1h");
        assertThat(fieldNames(timeline)).containsExactly("dog", "person");
        for (String label : List.of("dog", "person")) {
            JsonNode points = timeline.path(label);
            assertThat(points).as("the whole range of data, hour by hour").hasSize(HOURS);
            for (int h = 0; h < HOURS; h++) {
                Instant hour = FIRST.plus(Duration.ofHours(h));
                assertThat(fieldNames(points.get(h))).containsExactly("t", "y", "live");
                assertThat(points.get(h).path("live").asBoolean()).as("confirmed by the batch run").isFalse();
                assertThat(Instant.parse(points.get(h).path("t").asText())).isEqualTo(hour);
                assertThat(points.get(h).path("y").asLong()).as(label + " at " + hour)
                        .isEqualTo(truth().get(label).getOrDefault(hour, 0L));
            }
        }

        JsonNode labels = ok("/api/labels");
        assertThat(labels.path("labels").get(0).path("label").asText()).isEqualTo("person");
        assertThat(labels.path("labels").get(0).path("total").asLong()).isEqualTo(sum("person"));
        assertThat(labels.path("labels")).hasSize(3);
    }

    @Test
    void rangesIntervalsAndZonesShapeTheAnswers() throws Exception {
        startWithCounts();

        long tenAndEleven = truth().get("person").get(FIRST.plus(Duration.ofHours(10)))
                + truth().get("person").get(FIRST.plus(Duration.ofHours(11)));
        assertThat(ok("/api/count_specific?label=person&from=2026-03-28T10:00:00Z&to=2026-03-28T12:00:00Z")
                .path("count_in_range").asLong()).as("from inclusive, to exclusive").isEqualTo(tenAndEleven);
        assertThat(ok("/api/count_specific?label=person&from=2026-03-28T11:00:00%2B01:00&to=2026-03-28T13:00:00%2B01:00")
                .path("count_in_range").asLong()).as("an offset in the ISO time").isEqualTo(tenAndEleven);
        assertThat(ok("/api/count_specific?label=person&from=now-24h").path("count_in_range").asLong())
                .as("the data is older than a day").isZero();
        HttpResponse<String> withFromHeader = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/count_specific?label=person")).header("From", "crawler@example.com").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(withFromHeader.body()).path("count_in_range").asLong())
                .as("a request header is no parameter").isEqualTo(sum("person"));
        JsonNode lastDay = ok("/api/label_counts?from=2026-03-29");
        assertThat(JSON.convertValue(lastDay.path("labels"), List.class)).containsExactly("person", "car");

        // Days in Berlin: 28 March (+01:00), 29 March (23 hours: the clocks go forward), 30 March (+02:00).
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Map<LocalDate, Long> byBerlinDay = new TreeMap<>();
        truth().get("person").forEach((hour, n) -> byBerlinDay.merge(hour.atZone(berlin).toLocalDate(), n, Long::sum));
        JsonNode days = ok("/api/timeline?label=person&interval=1d&tz=Europe/Berlin").path("person");
        assertThat(days).hasSize(byBerlinDay.size());
        Iterator<Map.Entry<LocalDate, Long>> expected = byBerlinDay.entrySet().iterator();
        for (JsonNode day : days) {
            Map.Entry<LocalDate, Long> next = expected.next();
            assertThat(day.path("t").asText()).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    next.getKey().atStartOfDay(berlin)));
            assertThat(day.path("y").asLong()).as(next.getKey().toString()).isEqualTo(next.getValue());
        }
        assertThat(days.get(0).path("t").asText()).endsWith("+01:00");
        assertThat(days.get(2).path("t").asText()).endsWith("+02:00");

        JsonNode sixHours = ok("/api/timeline?label=car&interval=6h&from=2026-03-28T00:00:00Z&to=2026-03-29T00:00:00Z")
                .path("car");
        assertThat(sixHours).hasSize(4);
        assertThat(sixHours.findValuesAsText("y")).containsOnly("6");

        JsonNode automatic = ok("/api/timeline?label=dog");
        assertThat(automatic.path("dog")).as("no interval: the batch bucket (1h) fits the range").hasSize(HOURS);
    }

    @Test
    void everyBadParameterIsABadRequestNamingIt() throws Exception {
        startWithCounts();
        String tooManyLabels = String.join("&", IntStream.rangeClosed(0, QueryParameters.MAX_LABELS)
                .mapToObj(i -> "label=l" + i).toList());
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/count_specific", "label");
        cases.put("/api/timeline", "label");
        cases.put("/api/timeline?label=person&interval=7x", "interval");
        cases.put("/api/timeline?label=person&interval=0h", "interval");
        cases.put("/api/timeline?label=person&interval=1m&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "interval");
        cases.put("/api/timeline?label=person&from=2026-03-29T00:00:00Z&to=2026-03-28T00:00:00Z", "from");
        cases.put("/api/timeline?" + tooManyLabels, "label");
        cases.put("/api/count_specific?label=" + "x".repeat(101), "label");
        cases.put("/api/timeline?label=person&tz=Mars/Olympus_Mons", "tz");
        cases.put("/api/count_specific?label=person&from=yesterday", "from");
        cases.put("/api/label_counts?to=2026-13-01", "to");
        cases.put("/api/detections?limit=0", "limit");
        cases.put("/api/detections?limit=lots", "limit");
        cases.put("/api/images/metadata/lab/astronaut.png.json", "key");
        cases.put("/api/images/images/../metadata/lab/astronaut.png.json", "key");
        cases.put("/api/images/images/%2e%2e/metadata/lab/astronaut.png.json", "key");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = get(bad.getKey());
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("error").asText()).as(bad.getKey()).isNotBlank();
            assertThat(error.path("parameter").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(response.body()).as(bad.getKey()).doesNotContain("\\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void anImageRunThroughTheFlowsIsListedWithItsBoxesAndServedWithItsAnnotatedCopy() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        base = "http://127.0.0.1:" + argus.config().api().port();
        Path lab = argus.config().inbox().dir().resolve("lab");
        Files.createDirectories(lab);
        Files.copy(TestPhotos.get("coffee.png"), lab.resolve("coffee.png"));
        Files.copy(TestPhotos.get("astronaut.png"), lab.resolve("astronaut.png"));

        await().atMost(Duration.ofSeconds(90)).until(() -> ok("/api/detections").path("detections").size() == 1
                && ok("/api/stats").at("/flows/index-detections/completed").asLong() == 2);
        JsonNode astronaut = ok("/api/detections").path("detections").get(0);
        assertThat(astronaut.path("image_key").asText()).as("coffee has no detection, so it is not listed")
                .isEqualTo("images/lab/astronaut.png");
        assertThat(astronaut.path("labels").path("face").asInt()).isEqualTo(1);
        int[] box = JSON.treeToValue(astronaut.path("detections").get(0).path("box"), int[].class);
        assertThat(new Box(box[0], box[1], box[2], box[3]).contains(224, 118)).as("the face box covers her nose").isTrue();
        assertThat(astronaut.path("image_width").asInt()).isEqualTo(512);
        assertThat(ok("/api/detections?label=face").path("detections")).hasSize(1);
        assertThat(ok("/api/detections?label=cat").path("detections")).isEmpty();
        assertThat(ok("/api/detections?from=now-1h").path("detections")).hasSize(1);

        HttpResponse<byte[]> original = getBytes(astronaut.path("image_url").asText());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(original.body()).isEqualTo(Files.readAllBytes(TestPhotos.get("astronaut.png")));
        HttpResponse<byte[]> annotated = getBytes(astronaut.path("annotated_url").asText());
        assertThat(annotated.statusCode()).isEqualTo(200);
        assertThat(annotated.body()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(get("/api/images/images/lab/none.png").statusCode()).isEqualTo(404);

        JsonNode stats = ok("/api/stats");
        assertThat(stats.at("/flows/ingest/completed").asLong()).isEqualTo(2);
        assertThat(stats.at("/flows/detect/completed").asLong()).isEqualTo(2);
        assertThat(stats.at("/flows/detect/per_minute").asLong()).isEqualTo(2);
        assertThat(stats.at("/detect/detector").asText()).isEqualTo("opencv-builtin");
        await().atMost(Duration.ofSeconds(30)).until(() -> ok("/api/stats").at("/detect/consumer_lag").isNumber()
                && ok("/api/stats").at("/detect/consumer_lag").asLong() == 0);
        assertThat(stats.path("last_batch_run").isNull()).isTrue();

        HttpResponse<String> health = get("/api/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode checks = JSON.readTree(health.body());
        assertThat(checks.path("status").asText()).isEqualTo("UP");
        assertThat(fieldNames(checks.path("checks")))
                .containsExactly("kafka", "s3", "elasticsearch", "flows", "detector", "batch");
        assertThat(checks.at("/checks/detector/detail").asText()).startsWith("opencv-builtin");
        assertThat(checks.at("/checks/batch/detail").asText()).startsWith("schedule off");
        checks.path("checks").forEach(check -> assertThat(check.path("status").asText()).isEqualTo("UP"));
    }

    @Test
    void healthReportsTheBatchFlowDownWhenItsLastSuccessIsTooOld() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "true",
                "argus.batch.cron", "0 0 0 1 1 ? 2099", "argus.batch.max-age", "5s"));
        base = "http://127.0.0.1:" + argus.config().api().port();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/health").statusCode() == 503);
        JsonNode down = JSON.readTree(get("/api/health").body());
        assertThat(down.at("/checks/batch/status").asText()).isEqualTo("DOWN");
        assertThat(down.at("/checks/batch/detail").asText()).contains("no successful run", "argus.batch.max-age");
        assertThat(down.at("/checks/kafka/status").asText()).isEqualTo("UP");

        assertThat(argus.runBatch("test").status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        JsonNode up = JSON.readTree(get("/api/health").body());
        assertThat(up.at("/checks/batch/status").asText()).as(up.toString()).isEqualTo("UP");
        assertThat(up.at("/checks/batch/detail").asText()).startsWith("last successful run");
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
