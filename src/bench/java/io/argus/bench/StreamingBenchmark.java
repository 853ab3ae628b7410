package io.argus.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.services.KafkaClients;
import io.argus.services.KafkaTopics;
import io.argus.cli.EventPublisher;
import io.argus.stream.StreamAggregationTemplate;
import io.argus.cli.WebLogEvents;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Streaming aggregation throughput: web-log events already on a topic, aggregated into
 * Elasticsearch as weblogs.yaml's {@code status_counts} (org, day, status: count), once by the route
 * template and once by a plain loop (consume, aggregate in a map, bulk-write the changed documents,
 * commit), each from the start of the topic until Elasticsearch holds every event's count.
 */
@Command(name = "streaming", description = "Web-log events/s aggregated into Elasticsearch: the route template against"
        + " a plain loop.")
public final class StreamingBenchmark implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    @Option(names = "--events", defaultValue = "300000", description = "Events (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--flush-size", defaultValue = "5000",
            description = "Records per flush, both ways (default: ${DEFAULT-VALUE}).")
    int flushSize;

    @Override
    public Integer call() throws Exception {
        try (BenchWorkspace workspace = new BenchWorkspace("streaming");
             RunningArgus argus = RunningArgus.start(workspace.settings())) {
            String topic = "bench-weblogs";
            Map<String, Object> kafka = KafkaClients.config(argus.endpoints().kafkaBootstrapServers(),
                    argus.endpoints().kafkaSecurity());
            KafkaTopics.ensure(kafka, List.of(topic), argus.config().kafka().topicPartitions(),
                    argus.config().kafka().replicationFactor());
            System.out.printf(Locale.ROOT, "Publishing %,d web-log events on %s (%d partitions) ...%n", events, topic,
                    argus.config().kafka().topicPartitions());
            try (EventPublisher publisher = new EventPublisher(kafka, topic, "org_id", 0)) {
                for (ObjectNode event : WebLogEvents.generate(1, events, 5, Instant.parse("2025-05-20T00:00:00Z"), 3)) {
                    publisher.publish(event);
                }
            }
            ElasticsearchClient es = argus.elasticsearch();
            // Round 1 warms the JIT for both (the first to run would pay for it alone); round 2 is the figure.
            double[] seconds = new double[2];
            for (int round = 1; round <= 2; round++) {
                seconds[0] = viaTheRoute(argus, topic, round);
                seconds[1] = viaThePlainLoop(kafka, topic, es, round);
                System.out.printf(Locale.ROOT, "round %d: route %.1f s, plain loop %.1f s%n", round, seconds[0],
                        seconds[1]);
            }
            double routeRate = events / seconds[0];
            double loopRate = events / seconds[1];
            System.out.printf(Locale.ROOT, "%n%-44s %10s %14s%n", "status_counts of " + events + " events", "seconds",
                    "events/s");
            System.out.printf(Locale.ROOT, "%-44s %10.1f %,14.0f%n", "route template (argus-stream-aggregation)",
                    seconds[0], routeRate);
            System.out.printf(Locale.ROOT, "%-44s %10.1f %,14.0f%n", "plain loop (consume, map, bulk, commit)",
                    seconds[1], loopRate);
            System.out.printf(Locale.ROOT, "route / loop: %.2f (target >= 0.8); route: %,.0f events/s (target >= 5,000)%n",
                    routeRate / loopRate, routeRate);
        }
        return 0;
    }

    /** The route template instantiated as weblogs.yaml does, from the start of the topic, in its own group and index. */
    private double viaTheRoute(RunningArgus argus, String topic, int round) throws Exception {
        String routeId = "bench-status-counts-" + round;
        String index = "bench-route-status-counts-" + round;
        long start = System.nanoTime();
        TemplatedRouteBuilder.builder(argus.camelContext(), StreamAggregationTemplate.ID)
                .routeId(routeId)
                .parameter("topic", topic)
                .parameter("group-id", "bench-route-" + round)
                .parameter("index", index)
                .parameter("group-by", "org_id, day(timestamp) as date, status")
                .parameter("measures", "count")
                .parameter("flush-size", Integer.toString(flushSize))
                .add();
        double seconds = waitForAll(argus.elasticsearch(), index, start);
        argus.camelContext().getRouteController().stopRoute(routeId);
        return seconds;
    }

    private double viaThePlainLoop(Map<String, Object> kafka, String topic, ElasticsearchClient es, int round)
            throws Exception {
        String index = "bench-loop-status-counts-" + round;
        long start = System.nanoTime();
        Thread loop = new Thread(() -> plainLoop(kafka, topic, "bench-loop-" + round, es, index), "plain-loop");
        loop.start();
        double seconds = waitForAll(es, index, start);
        loop.join();
        return seconds;
    }

    /** Seconds from start until the index's counts add up to every event. */
    private double waitForAll(ElasticsearchClient es, String index, long start) throws Exception {
        while (true) {
            if (es.indices().exists(e -> e.index(index)).value()) {
                es.indices().refresh(r -> r.index(index));
                double total = es.search(s -> s.index(index).size(0)
                                .aggregations("events", a -> a.sum(sum -> sum.field("count"))), Void.class)
                        .aggregations().get("events").sum().value();
                if ((long) total == events) {
                    return (System.nanoTime() - start) / 1e9;
                }
                if ((long) total > events) {
                    throw new IllegalStateException(index + " counts " + (long) total + " events of " + events);
                }
            }
            if (Duration.ofNanos(System.nanoTime() - start).toMinutes() > 10) {
                throw new IllegalStateException(index + " did not count every event within 10 minutes");
            }
            Thread.sleep(100);
        }
    }

    /** The same aggregation by hand: state in a map, each poll's changed documents bulk-written, then committed. */
    private void plainLoop(Map<String, Object> kafka, String topic, String group, ElasticsearchClient es,
                           String index) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, flushSize);
        Map<String, ObjectNode> documents = new HashMap<>();
        long consumed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < events) {
                Set<String> changed = new HashSet<>();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(record.value());
                    String org = event.path("org_id").asText();
                    String date = DAY.format(Instant.parse(event.path("timestamp").asText()));
                    int status = event.path("status").asInt();
                    String id = org + "_" + date + "_" + status;
                    documents.computeIfAbsent(id, key -> JSON.createObjectNode().put("org_id", org).put("date", date)
                            .put("status", status).put("count", 0L));
                    ObjectNode document = documents.get(id);
                    document.put("count", document.path("count").asLong() + 1);
                    changed.add(id);
                    consumed++;
                }
                if (!changed.isEmpty()) {
                    BulkRequest.Builder bulk = new BulkRequest.Builder();
                    changed.forEach(id -> bulk.operations(o -> o.index(i -> i.index(index).id(id)
                            .document(documents.get(id).deepCopy()))));
                    if (es.bulk(bulk.build()).errors()) {
                        throw new IllegalStateException(index + " refused documents");
                    }
                    consumer.commitSync();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the plain loop failed", e);
        }
    }
}
