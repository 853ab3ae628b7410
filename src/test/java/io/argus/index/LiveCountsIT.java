package io.argus.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.batch.BatchRun;
import io.argus.bench.RunningArgus;
import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.services.S3Clients;
import io.argus.shared.MetadataRecord;
import io.argus.testing.ArgusProcess;
import io.argus.testing.ImageStream;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import io.argus.testing.TestPhotos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The speed layer against the real services: counts appear in the API seconds after detection, before
 * any batch run; they agree exactly with what the batch counts afterwards; a reprocessed image or a
 * duplicated event changes no count; once a batch run has confirmed a bucket, its counts win there; and
 * a runtime killed mid-stream loses and doubles nothing.
 */
class LiveCountsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** An hour long past: the batch run confirms it. */
    private static final String MARCH = "2026-03-28T10:15:00Z";
    private static final String TOKEN = "live-counts-token-0123456789";

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final Path dataDir = TestDirs.create("live-counts");
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningArgus argus;

    @Test
    void liveCountsComeBeforeTheBatchAgreeWithItAndCountEveryImageOnce() throws Exception {
        argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false", "argus.api.cache-ttl", "0"));
        putImage("images/lab/astronaut.png", "astronaut.png");
        putImage("images/lab/messi5.jpg", "messi5.jpg");
        publish("images/lab/astronaut.png", MARCH);
        publish("images/lab/messi5.jpg", Instant.now().toString());

        await().atMost(PATIENCE).until(() -> metadataKeys().size() == 2);
        Map<String, Long> truth = countedByTheJob();
        assertThat(truth).as("the photos have detections").isNotEmpty();
        await().atMost(PATIENCE).until(() -> labelCounts().equals(truth));
        assertThat(api("/api/label_counts").path("confirmed_until").isNull()).as("no batch run yet").isTrue();

        BatchRun run = argus.runBatch("test");
        assertThat(run.status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(labelCounts()).as("the batch agrees exactly").isEqualTo(truth);
        JsonNode answer = api("/api/label_counts");
        assertThat(Instant.parse(answer.path("confirmed_until").asText()))
                .isEqualTo(Instant.parse(run.start()).truncatedTo(ChronoUnit.HOURS));
        JsonNode march = api("/api/timeline?label=face&from=2026-03-28T10:00Z&to=2026-03-28T11:00Z&interval=1h");
        assertThat(march.path("face").get(0).path("live").asBoolean()).as("the March hour is the batch's").isFalse();

        // The same image twice more (a replay and a duplicate event): nothing counts twice.
        String processedBefore = metadata("metadata/lab/astronaut.png.json").path("processing_timestamp").asText();
        publish("images/lab/astronaut.png", MARCH);
        publish("images/lab/astronaut.png", MARCH);
        await().atMost(PATIENCE).until(() -> !metadata("metadata/lab/astronaut.png.json")
                .path("processing_timestamp").asText().equals(processedBefore));
        publish("images/lab/messi5.jpg", Instant.now().toString());
        Thread.sleep(3000);
        assertThat(labelCounts()).isEqualTo(truth);
        assertThat(argus.runBatch("test").status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(labelCounts()).isEqualTo(truth);

        // A new image in the confirmed March hour: the batch wins there until its next run counts it.
        putImage("images/lab/astronaut-again.png", "astronaut.png");
        publish("images/lab/astronaut-again.png", MARCH);
        await().atMost(PATIENCE).until(() -> metadataKeys().size() == 3);
        Thread.sleep(3000);
        assertThat(labelCounts()).as("the batch's counts for March stand until it runs").isEqualTo(truth);
        assertThat(argus.runBatch("test").status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        Map<String, Long> withTheNewImage = countedByTheJob();
        assertThat(withTheNewImage).isNotEqualTo(truth);
        assertThat(labelCounts()).isEqualTo(withTheNewImage);
    }

    /**
     * {@code kill -9} of a runtime in the middle of a stream of image events, and another started in
     * its place on the same services: every image counts exactly once, live and after a batch run.
     */
    @Test
    void killingARuntimeMidStreamAndStartingAnotherLosesAndDoublesNothing() throws Exception {
        Properties settings = SharedServices.runtimeSettings(dataDir);
        settings.setProperty("argus.batch.scheduled", "false");
        settings.setProperty("argus.api.cache-ttl", "0");
        settings.setProperty("argus.detect.detector", "opencv-builtin");
        settings.setProperty("argus.api.token", TOKEN);
        Map<String, String> environment = new HashMap<>();
        settings.stringPropertyNames().forEach(key -> environment.put(ConfigSource.environmentName(key),
                settings.getProperty(key)));
        ArgusConfig config = ArgusConfig.from(settings);
        int apiPort = config.api().port();
        try (S3Client s3 = S3Clients.create(config.s3(), SharedServices.get().endpoints())) {
            S3Clients.ensureBucket(s3, config.s3().bucket());
            Process first = ArgusProcess.launch(dataDir, "first", apiPort, environment, PATIENCE);
            ImageStream.send(s3, config, "images/stream/", 0, 60, List.of("astronaut.png", "messi5.jpg",
                    "basketball1.png"));
            await().atMost(PATIENCE).until(() -> ImageStream.objectKeys(s3, config, "metadata/").size() >= 15);
            first.destroyForcibly().waitFor();
            assertThat(ImageStream.objectKeys(s3, config, "metadata/")).as("killed in the middle of the stream")
                    .hasSizeLessThan(60);

            Process second = ArgusProcess.launch(dataDir, "second", apiPort, environment, PATIENCE);
            try {
                await().atMost(PATIENCE).until(() -> ImageStream.objectKeys(s3, config, "metadata/").size() == 60);
                Map<String, Long> truth = ImageStream.countedInMetadata(s3, config);
                assertThat(truth).isNotEmpty();
                await().atMost(PATIENCE).until(() -> ImageStream.labelCounts(apiPort).equals(truth));

                HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                        + "/api/batch/runs")).header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
                assertThat(ImageStream.labelCounts(apiPort)).as("the batch agrees").isEqualTo(truth);
            } finally {
                second.destroy();
                second.waitFor();
            }
        }
    }

    /** What the count job finds in the metadata: per label, detections at or above the minimum confidence (0). */
    private Map<String, Long> countedByTheJob() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String key : metadataKeys()) {
            MetadataRecord record = MetadataRecord.parse(argus.s3()
                    .getObjectAsBytes(r -> r.bucket(argus.config().s3().bucket()).key(key)).asByteArray());
            record.detections().forEach(detection -> counts.merge(detection.label(), 1L, Long::sum));
        }
        return counts;
    }

    private Map<String, Long> labelCounts() throws Exception {
        return ImageStream.labelCounts(argus.config().api().port());
    }

    private List<String> metadataKeys() {
        return RuntimeUnderTest.objectKeys(argus, argus.config().s3().metadataPrefix());
    }

    private JsonNode metadata(String key) throws Exception {
        return JSON.readTree(argus.s3().getObjectAsBytes(r -> r.bucket(argus.config().s3().bucket()).key(key))
                .asByteArray());
    }

    private JsonNode api(String path) throws Exception {
        return api(argus.config().api().port(), path);
    }

    private JsonNode api(int apiPort, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void putImage(String key, String photo) throws Exception {
        argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key(key),
                RequestBody.fromBytes(Files.readAllBytes(TestPhotos.get(photo))));
    }

    private void publish(String key, String captureTime) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, argus.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(argus.config().kafka().imageTopic(), key,
                    "{\"image_path\":\"s3://" + argus.config().s3().bucket() + "/" + key + "\",\"capture_timestamp\":\""
                            + captureTime + "\",\"upload_timestamp\":\"" + captureTime + "\"}")).get();
        }
    }
}
