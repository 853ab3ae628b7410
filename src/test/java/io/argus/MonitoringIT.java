package io.argus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.detect.DetectRoute;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.TestPhotos;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching the routes: route and processor statistics in JMX, the same over Jolokia (as Hawtio
 * reads them), the batch run triggered through Jolokia, Prometheus metrics with per-route
 * exchanges, the detector's inference time, dead letters and the detection consumers' lag, and
 * the health checks of both HTTP servers.
 */
class MonitoringIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void routesAreWatchedThroughJmxJolokiaAndPrometheus() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        String monitor = "http://127.0.0.1:" + argus.config().monitor().port();
        Path lab = argus.config().inbox().dir().resolve("lab");
        Files.createDirectories(lab);
        Files.copy(TestPhotos.get("astronaut.png"), lab.resolve("astronaut.png"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, argus.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(argus.config().kafka().imageTopic(), "poison", "not json")).get();
        }

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName detectRoute = new ObjectName("org.apache.camel:context=" + argus.camelContext().getManagementName()
                + ",type=routes,name=\"detect\"");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                ((Number) jmx.getAttribute(detectRoute, "ExchangesCompleted")).longValue() >= 2);
        assertThat(((Number) jmx.getAttribute(detectRoute, "ExchangesFailed")).longValue())
                .as("the poison message is handled, not failed").isZero();
        Set<ObjectName> processors = jmx.queryNames(new ObjectName("org.apache.camel:context="
                + argus.camelContext().getManagementName() + ",type=processors,*"), null);
        assertThat(processors).as("processor statistics").isNotEmpty();

        JsonNode completed = JSON.readTree(get(monitor + "/observe/jolokia/read/org.apache.camel:context="
                + argus.camelContext().getManagementName() + ",type=routes,name=%22detect%22/ExchangesCompleted").body());
        assertThat(completed.path("status").asInt()).isEqualTo(200);
        assertThat(completed.path("value").asLong()).isGreaterThanOrEqualTo(2);

        // Each step of the detect route has statistics of its own, as Hawtio shows them: the poison
        // message stopped at the first step, the image went through all of them.
        JsonNode steps = JSON.readTree(get(monitor + "/observe/jolokia/read/org.apache.camel:context="
                + argus.camelContext().getManagementName() + ",type=steps,name=*").body()).path("value");
        Map<String, JsonNode> byStep = new java.util.HashMap<>();
        steps.properties().stream().map(Map.Entry::getValue)
                .filter(step -> step.path("RouteId").asText().equals(DetectRoute.ROUTE_ID))
                .forEach(step -> byStep.put(step.path("StepId").asText(), step));
        assertThat(byStep.keySet()).containsExactlyInAnyOrderElementsOf(DetectRoute.STEPS);
        assertThat(byStep.get("parse-event").path("ExchangesTotal").asLong()).isEqualTo(2);
        for (String step : DetectRoute.STEPS.subList(1, DetectRoute.STEPS.size())) {
            assertThat(byStep.get(step).path("ExchangesCompleted").asLong()).as(step).isEqualTo(1);
        }
        assertThat(byStep.get("detect-objects").path("TotalProcessingTime").asLong())
                .as("the detector's time").isPositive();

        HttpResponse<String> runNow = http.send(HttpRequest.newBuilder(URI.create(monitor + "/observe/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"exec\",\"mbean\":\"io.argus:type=Batch\",\"operation\":\"runNow\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(runNow.body()).path("status").asInt()).as(runNow.body()).isEqualTo(200);
        assertThat(argus.batchHistory().recent(1)).hasSize(1);
        for (String refused : List.of(
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                        + "\"arguments\":[\"/tmp/argus-heap.hprof\",true]}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(monitor + "/observe/jolokia"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(refused))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(response.body()).path("status").asInt()).as(refused).isEqualTo(403);
        }
        assertThat(argus.batchHistory().recent(1).get(0).trigger()).isEqualTo("jmx");

        await().atMost(Duration.ofSeconds(30)).until(() -> get(monitor + "/observe/metrics").body()
                .contains("argus_detect_consumer_lag 0.0"));
        String metrics = get(monitor + "/observe/metrics").body();
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"detect\"[^}]*\\} 2\\.0");
        assertThat(metrics).containsPattern("(?m)^argus_detect_inference_ms_count\\{[^}]*detector=\"opencv-builtin\"[^}]*\\} 1$");
        assertThat(metrics).containsPattern("argus_dead_letters_total\\{[^}]*flow=\"detect\"[^}]*\\} 1\\.0");
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    /**
     * A stuck detector, as Frigate signals it: image events wait and none is detected for
     * argus.detect.stuck-after. Both health endpoints say so, and recover once detection goes on.
     */
    @Test
    void aStuckDetectorIsDownInBothHealthEndpointsAndUpAgainOnceDetectionGoesOn() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.detect.stuck-after", "3s",
                "argus.batch.scheduled", "false"));
        String apiHealth = "http://127.0.0.1:" + argus.config().api().port() + "/api/health";
        String observeHealth = "http://127.0.0.1:" + argus.config().monitor().port() + "/observe/health";
        await().atMost(Duration.ofSeconds(30)).until(() -> get(apiHealth).statusCode() == 200);
        assertThat(detectorCheck(get(observeHealth).body())).as(get(observeHealth).body()).isEqualTo("UP");

        argus.camelContext().getRouteController().stopRoute("detect");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, argus.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(argus.config().kafka().imageTopic(), "images/waiting.jpg",
                    "{\"image_path\": \"s3://nowhere/images/waiting.jpg\"}")).get();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = get(apiHealth);
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode detector = JSON.readTree(health.body()).at("/checks/detector");
            assertThat(detector.path("status").asText()).isEqualTo("DOWN");
            assertThat(detector.path("detail").asText()).contains("stuck: 1 image events wait");
        });
        HttpResponse<String> observed = get(observeHealth);
        assertThat(observed.statusCode()).isEqualTo(503);
        assertThat(detectorCheck(observed.body())).as(observed.body()).isEqualTo("DOWN");

        argus.camelContext().getRouteController().startRoute("detect");
        await().atMost(Duration.ofSeconds(60)).until(() -> get(apiHealth).statusCode() == 200);
        assertThat(detectorCheck(get(observeHealth).body())).isEqualTo("UP");
    }

    /** The state of the check "detector" in Camel's health answer. */
    private static String detectorCheck(String observeHealth) throws Exception {
        for (JsonNode check : JSON.readTree(observeHealth).path("checks")) {
            if (check.path("name").asText().equals("detector")) {
                return check.path("status").asText();
            }
        }
        return "missing";
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
