package io.argus.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.argus.cli.Argus;
import io.argus.bench.RunningArgus;
import io.argus.bench.ShippedAggregation;
import io.argus.cli.EventPublisher;
import io.argus.cli.WebLogEvents;
import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.services.ElasticsearchClients;
import io.argus.services.KafkaClients;
import io.argus.testing.ArgusProcess;
import io.argus.testing.KafkaEvents;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The shipped streaming aggregations against the real services, fed by their own example generators:
 * the documents and ids the docs describe, computed here again from the same events; malformed events
 * dead-lettered while the rest flow; and exact aggregates after {@code kill -9} in the middle of a stream.
 */
class StreamAggregationIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Instant MAY_20 = Instant.parse("2025-05-20T00:00:00Z");

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final Path dataDir = TestDirs.create("stream");
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void webLogsBecomeUrlCountsStatusCountsAndTheLatestStatusPerOrganisation() throws Exception {
        ShippedAggregation weblogs = ShippedAggregation.install("weblogs.yaml", dataDir.resolve("routes"), suffix);
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        List<ObjectNode> events = WebLogEvents.generate(7, 3_000, 3, MAY_20, 2);
        ObjectNode noStatus = events.get(0).deepCopy();
        noStatus.remove("status");
        // A status Elasticsearch cannot store where the others made it a number: the document is refused.
        ObjectNode teapot = events.get(1).deepCopy().put("status", "teapot").put("timestamp", "2025-05-20T00:00:00Z");
        // Streamed as a user would stream a file of JSON lines, the malformed one included.
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            lines.add(events.get(i).toString());
            if (i == 1_000) {
                lines.addAll(List.of("{not json", noStatus.toString(), teapot.toString()));
            }
        }
        Path file = dataDir.resolve("weblogs.jsonl");
        Files.write(file, lines);
        Path config = dataDir.resolve("cli.properties");
        Files.writeString(config, "argus.kafka.bootstrap-servers=" + argus.endpoints().kafkaBootstrapServers() + "\n");
        assertThat(cli("events", "send", file.toString(), "--topic", weblogs.topic(), "--key", "org_id", "--rate", "0",
                "--config", config.toString())).isZero();

        Map<String, Long> urlCounts = new TreeMap<>();
        Map<String, Long> statusCounts = new TreeMap<>();
        Map<String, ObjectNode> latest = new TreeMap<>();
        for (ObjectNode event : events) {
            String org = event.path("org_id").asText();
            String date = event.path("timestamp").asText().substring(0, 10);
            urlCounts.merge(org + "_" + date + "_" + event.path("url").asText(), 1L, Long::sum);
            statusCounts.merge(org + "_" + date + "_" + event.path("status").asInt(), 1L, Long::sum);
            latest.merge(org, event, (a, b) -> Instant.parse(b.path("timestamp").asText())
                    .isAfter(Instant.parse(a.path("timestamp").asText())) ? b : a);
        }
        // The event without a status counts for its URL only; the teapot for its URL and its organisation.
        for (ObjectNode odd : List.of(noStatus, teapot)) {
            urlCounts.merge(odd.path("org_id").asText() + "_" + odd.path("timestamp").asText().substring(0, 10)
                    + "_" + odd.path("url").asText(), 1L, Long::sum);
        }

        ElasticsearchClient es = argus.elasticsearch();
        await().atMost(PATIENCE).until(() -> counts(es, weblogs.index("url_counts")).equals(urlCounts)
                && counts(es, weblogs.index("status_counts")).equals(statusCounts)
                && total(counts(es, weblogs.index("org_latest"))) == 3_001);
        assertThat(statusCounts).containsKey("org1_2025-05-20_404");
        ObjectNode org1404 = ShippedAggregation.documents(es, weblogs.index("status_counts")).get("org1_2025-05-20_404");
        assertThat(org1404.path("org_id").asText()).isEqualTo("org1");
        assertThat(org1404.path("date").asText()).isEqualTo("2025-05-20");
        assertThat(org1404.path("status").asInt()).isEqualTo(404);
        Map<String, ObjectNode> orgLatest = ShippedAggregation.documents(es, weblogs.index("org_latest"));
        assertThat(orgLatest.keySet()).containsExactlyInAnyOrder("org1", "org2", "org3");
        latest.forEach((org, event) -> {
            assertThat(orgLatest.get(org).path("status").asInt()).as(org).isEqualTo(event.path("status").asInt());
            assertThat(orgLatest.get(org).path("date").asText()).as(org).isEqualTo(event.path("timestamp").asText());
        });

        List<KafkaEvents.Event> letters = KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(),
                argus.config().kafka().deadLetterTopic(), 6, Duration.ofSeconds(30));
        String teapotId = teapot.path("org_id").asText() + "_2025-05-20_teapot";
        assertThat(letters).hasSize(6);
        assertThat(letters).filteredOn(letter -> letter.value().path("source").asText()
                        .startsWith("kafka:" + weblogs.topic() + "/"))
                .extracting(letter -> letter.value().path("flow").asText() + ": "
                        + letter.value().path("reason").asText()).containsExactlyInAnyOrder(
                "weblogs-url-counts: not JSON: Unexpected character ('n' (code 110)): was expecting double-quote to"
                        + " start field name",
                "weblogs-status-counts: not JSON: Unexpected character ('n' (code 110)): was expecting double-quote to"
                        + " start field name",
                "weblogs-org-latest: not JSON: Unexpected character ('n' (code 110)): was expecting double-quote to"
                        + " start field name",
                "weblogs-status-counts: no value at /status (group-by status)",
                "weblogs-org-latest: no value at /status (measure status)");
        JsonNode refused = letters.stream().filter(letter -> letter.value().path("source").asText()
                .startsWith("aggregate:")).findFirst().orElseThrow().value();
        assertThat(refused.path("flow").asText()).isEqualTo("weblogs-status-counts");
        assertThat(refused.path("source").asText()).isEqualTo("aggregate:" + weblogs.index("status_counts") + "/"
                + teapotId);
        assertThat(refused.path("reason").asText()).contains("failed to parse field [status]").contains("teapot");
        assertThat(new ObjectMapper().readTree(refused.path("original").asText()).path("count").asLong())
                .as("the document, to apply by hand").isEqualTo(1);
        assertThat(ShippedAggregation.documents(es, weblogs.index("status_counts"))).doesNotContainKey(teapotId);
    }

    @Test
    void aCsvFileOfShopEventsBecomesOneProfilePerUserWithItsSegment() throws Exception {
        ShippedAggregation shop = ShippedAggregation.install("shop.yaml", dataDir.resolve("routes"), suffix);
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        Path csv = dataDir.resolve("shop.csv");
        Path config = dataDir.resolve("cli.properties");
        Files.writeString(config, "argus.kafka.bootstrap-servers=" + argus.endpoints().kafkaBootstrapServers() + "\n");
        assertThat(cli("events", "shop", "--count", "2000", "--users", "40", "--seed", "3", "--csv", csv.toString()))
                .isZero();
        assertThat(cli("events", "send", csv.toString(), "--topic", shop.topic(), "--key", "user_id", "--rate", "0",
                "--config", config.toString())).isZero();

        Map<String, Map<String, Object>> expected = new TreeMap<>();
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            Map<String, List<Map<String, String>>> byUser = new TreeMap<>();
            rows.forEachRemaining(row -> byUser.computeIfAbsent(row.get("user_id"), u -> new ArrayList<>()).add(row));
            byUser.forEach((user, events) -> expected.put(user, profile(events)));
        }
        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(expected.values()).extracting(profile -> profile.get("segment"))
                .as("the events give every segment").contains("vip", "customer", "browser");

        ElasticsearchClient es = argus.elasticsearch();
        await().atMost(PATIENCE).until(() -> profiles(es, shop.index("customer_profiles")).equals(expected));
    }

    /** A profile as docs/streaming.md describes it, from a user's rows. */
    private static Map<String, Object> profile(List<Map<String, String>> events) {
        Map<String, Long> types = new TreeMap<>();
        BigDecimal spend = BigDecimal.ZERO;
        long purchases = 0;
        Set<String> products = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        for (Map<String, String> event : events) {
            types.merge(event.get("event_type"), 1L, Long::sum);
            if (event.get("event_type").equals("purchase")) {
                spend = spend.add(new BigDecimal(event.get("price")));
                purchases++;
            }
            products.add(event.get("product_id"));
            times.add(Instant.parse(event.get("timestamp")));
        }
        Map<String, Object> profile = new TreeMap<>();
        profile.put("events", types);
        profile.put("total_spend", spend.stripTrailingZeros());
        profile.put("purchases", purchases);
        profile.put("products_seen", (long) products.size());
        profile.put("first_seen", Collections.min(times).toString());
        profile.put("last_seen", Collections.max(times).toString());
        profile.put("segment", spend.compareTo(new BigDecimal(500)) >= 0 ? "vip" : purchases >= 1 ? "customer"
                : "browser");
        return profile;
    }

    /** The profiles of the index, in the shape of {@link #profile}. */
    private static Map<String, Map<String, Object>> profiles(ElasticsearchClient es, String index) throws Exception {
        Map<String, Map<String, Object>> profiles = new TreeMap<>();
        ShippedAggregation.documents(es, index).forEach((user, document) -> {
            Map<String, Long> types = new TreeMap<>();
            document.path("events").fields().forEachRemaining(type -> types.put(type.getKey(), type.getValue().asLong()));
            Map<String, Object> profile = new TreeMap<>();
            profile.put("events", types);
            profile.put("total_spend", document.has("total_spend")
                    ? document.path("total_spend").decimalValue().stripTrailingZeros() : BigDecimal.ZERO);
            profile.put("purchases", document.path("purchases").asLong());
            profile.put("products_seen", document.path("products_seen").asLong());
            profile.put("first_seen", document.path("first_seen").asText());
            profile.put("last_seen", document.path("last_seen").asText());
            profile.put("segment", document.path("segment").asText());
            profiles.put(user, profile);
        });
        return profiles;
    }

    /**
     * {@code kill -9} of an {@code argus run} in the middle of a stream of 1,000 web-log events, and another
     * started in its place: every event counts exactly once in each of the three aggregations.
     */
    @Test
    void killingTheRuntimeInTheMiddleOfAStreamOf1000EventsLosesAndDoublesNoEvent() throws Exception {
        ShippedAggregation weblogs = ShippedAggregation.install("weblogs.yaml", dataDir.resolve("routes"), suffix);
        Properties settings = SharedServices.runtimeSettings(dataDir);
        settings.setProperty("argus.batch.scheduled", "false");
        settings.setProperty("argus.detect.detector", "opencv-builtin");
        Map<String, String> environment = new HashMap<>();
        settings.stringPropertyNames().forEach(key -> environment.put(ConfigSource.environmentName(key),
                settings.getProperty(key)));
        int apiPort = Integer.parseInt(settings.getProperty("argus.api.port"));
        List<ObjectNode> events = WebLogEvents.generate(11, 1_000, 3, MAY_20, 2);
        Map<String, Long> statusCounts = new TreeMap<>();
        Map<String, Long> urlCounts = new TreeMap<>();
        events.forEach(event -> {
            String group = event.path("org_id").asText() + "_" + event.path("timestamp").asText().substring(0, 10) + "_";
            statusCounts.merge(group + event.path("status").asText(), 1L, Long::sum);
            urlCounts.merge(group + event.path("url").asText(), 1L, Long::sum);
        });
        ElasticsearchClient es = ElasticsearchClients.create(SharedServices.get().endpoints().elasticsearch());
        try {
            Process first = ArgusProcess.launch(dataDir, "first", apiPort, environment, PATIENCE);
            Thread stream = new Thread(() -> {
                try (EventPublisher publisher = new EventPublisher(KafkaClients.config(
                        SharedServices.get().endpoints().kafkaBootstrapServers(), ArgusConfig.KafkaSecurity.NONE),
                        weblogs.topic(), "org_id", 100)) {
                    for (ObjectNode event : events) {
                        publisher.publish(event);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stream.start();
            await().atMost(PATIENCE).until(() -> total(counts(es, weblogs.index("status_counts"))) >= 200);
            first.destroyForcibly().waitFor();
            stream.join();
            assertThat(total(counts(es, weblogs.index("status_counts")))).as("killed in the middle").isLessThan(1_000);

            Process second = ArgusProcess.launch(dataDir, "second", apiPort, environment, PATIENCE);
            try {
                await().atMost(PATIENCE).until(() -> counts(es, weblogs.index("status_counts")).equals(statusCounts)
                        && counts(es, weblogs.index("url_counts")).equals(urlCounts)
                        && total(counts(es, weblogs.index("org_latest"))) == 1_000);
                Thread.sleep(3_000);
                assertThat(counts(es, weblogs.index("status_counts"))).as("and no more").isEqualTo(statusCounts);
                assertThat(counts(es, weblogs.index("url_counts"))).isEqualTo(urlCounts);
            } finally {
                second.destroy();
                second.waitFor();
            }
        } finally {
            es._transport().close();
        }
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static int cli(String... arguments) {
        return new CommandLine(new Argus()).execute(arguments);
    }

    /** What each document of an aggregate index counts, by id. */
    private static Map<String, Long> counts(ElasticsearchClient es, String index) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        ShippedAggregation.documents(es, index).forEach((id, document) -> counts.put(id, document.path("count").asLong()));
        return counts;
    }
}
