package io.argus.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.cli.Argus;
import io.argus.batch.BatchRun;
import io.argus.bench.RunningArgus;
import io.argus.bench.ShippedAggregation;
import io.argus.bench.SyntheticMetadata;
import io.argus.cli.WebLogEvents;
import io.argus.testing.CountsIndex;
import io.argus.testing.ImageStream;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SearchEngineServer;
import io.argus.testing.SharedServices;
import io.argus.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The same runtime against Elasticsearch 9 (the shared local one, HTTPS with a user) and 8 and
 * OpenSearch 2 and 3 (each started from its test distribution, plain HTTP): the batch indexes
 * exact counts and verifies them (bulk, search with aggregations, deletes of stale buckets, the
 * lease's conditional writes), the counts API answers them, an image through the flows reaches
 * the detections and live counts indices and the API, the shipped web-log aggregations count a
 * stream of events exactly (mget and conditional whole-document writes), and the health check
 * reads the cluster.
 */
class SearchEnginesIT {
    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private int port;

    static Stream<String> engines() {
        return Stream.concat(Stream.of(System.getProperty("argus.search-engines.shared")),
                SearchEngineServer.distributions().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void argusIndexesQueriesAndChecksItsIndicesTheSameWay(String engine) throws Exception {
        boolean shared = engine.equals(System.getProperty("argus.search-engines.shared"));
        try (SearchEngineServer server = shared ? null : SearchEngineServer.start(engine)) {
            Map<String, String> settings = new HashMap<>(Map.of("argus.batch.scheduled", "false"));
            if (server != null) {
                settings.putAll(SharedServices.elasticsearch(new ElasticsearchAccess(server.url(),
                        Optional.empty(), Optional.empty(), Optional.empty())));
            }
            ShippedAggregation weblogs = ShippedAggregation.install("weblogs.yaml", dataDir.resolve("routes"),
                    UUID.randomUUID().toString().substring(0, 8));
            RunningArgus argus = runtime.start(dataDir, settings);
            port = argus.config().api().port();

            SyntheticMetadata metadata = new SyntheticMetadata(23, START, 12, 4);
            upload(argus, IntStream.range(0, 2_000).boxed().collect(Collectors.toMap(
                    i -> "metadata/cam-" + (i % 4) + "/img_" + i + ".jpg.json", metadata::next)));
            BatchRun first = argus.runBatch("test");
            assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
            assertThat(first.indexVerified()).isTrue();
            assertThat(CountsIndex.counts(argus)).isEqualTo(metadata.truth());
            assertThat(argus.runBatch("test").mode()).as("nothing changed").isEqualTo("unchanged");

            for (String label : metadata.truth().keySet()) {
                long total = metadata.truth().get(label).values().stream().mapToLong(Long::longValue).sum();
                assertThat(ok("/api/count_specific?label=" + label).path("count_in_range").asLong()).as(label)
                        .isEqualTo(total);
                JsonNode timeline = ok("/api/timeline?label=" + label + "&interval=1h").path(label);
                Map<String, Long> points = new HashMap<>();
                timeline.forEach(point -> {
                    if (point.path("y").asLong() > 0) {
                        points.put(Instant.parse(point.path("t").asText()).toString(), point.path("y").asLong());
                    }
                });
                assertThat(points).as(label + " hour by hour").isEqualTo(metadata.truth().get(label));
            }
            assertThat(ok("/api/labels").path("labels")).hasSize(metadata.truth().size());

            Path inbox = argus.config().inbox().dir().resolve("lab");
            Files.createDirectories(inbox);
            Files.copy(TestPhotos.get("astronaut.png"), inbox.resolve("astronaut.png"));
            await().atMost(Duration.ofSeconds(90)).until(() -> ok("/api/detections").path("detections").size() == 1
                    && ok("/api/count_specific?label=face").path("count_in_range").asLong() == 1);
            JsonNode astronaut = ok("/api/detections?label=face").path("detections").get(0);
            assertThat(astronaut.path("image_key").asText()).isEqualTo("images/lab/astronaut.png");
            assertThat(astronaut.path("labels").path("face").asInt()).isEqualTo(1);

            List<ObjectNode> events = WebLogEvents.generate(5, 1_000, 3, START, 2);
            Map<String, Long> statusCounts = new TreeMap<>();
            events.forEach(event -> statusCounts.merge(event.path("org_id").asText() + "_"
                    + event.path("timestamp").asText().substring(0, 10) + "_" + event.path("status").asInt(),
                    1L, Long::sum));
            Path file = dataDir.resolve("weblogs.jsonl");
            Files.write(file, events.stream().map(ObjectNode::toString).toList());
            Path cliConfig = dataDir.resolve("cli.properties");
            Files.writeString(cliConfig, "argus.kafka.bootstrap-servers=" + argus.endpoints().kafkaBootstrapServers());
            assertThat(new CommandLine(new Argus()).execute("events", "send", file.toString(), "--topic",
                    weblogs.topic(), "--key", "org_id", "--rate", "0", "--config", cliConfig.toString())).isZero();
            await().atMost(Duration.ofSeconds(90)).until(() -> statusCounts(argus, weblogs).equals(statusCounts));

            JsonNode health = ok("/api/health");
            assertThat(health.at("/checks/elasticsearch/status").asText()).as(health.toString()).isEqualTo("UP");
            assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
        }
    }

    /** What each streamed status_counts document counts, by id (mget and conditional writes made them). */
    private static Map<String, Long> statusCounts(RunningArgus argus, ShippedAggregation weblogs) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        ShippedAggregation.documents(argus.elasticsearch(), weblogs.index("status_counts"))
                .forEach((id, document) -> counts.put(id, document.path("count").asLong()));
        return counts;
    }

    private static void upload(RunningArgus argus, Map<String, byte[]> objects) {
        String bucket = argus.config().s3().bucket();
        objects.entrySet().parallelStream().forEach(object -> argus.s3().putObject(
                r -> r.bucket(bucket).key(object.getKey()), RequestBody.fromBytes(object.getValue())));
    }

    /** The runtime's JSON answer; anything but 200 fails with the body. */
    private JsonNode ok(String path) throws Exception {
        return ImageStream.get(port, path);
    }
}
