package io.argus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.testing.RuntimeUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stuck detector, as Frigate signals it: image events wait and none is detected for
 * argus.detect.stuck-after. /api/health and the monitoring server's /observe/health both say so,
 * and both recover once detection goes on.
 */
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStuckDetectorIsDownInBothHealthEndpointsAndUpAgainOnceDetectionGoesOn() throws Exception {
        ArgusRuntime argus = runtime.start(dataDir, Map.of("argus.detect.stuck-after", "3s",
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
