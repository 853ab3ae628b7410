package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.batch.BatchRun;
import io.argus.ingest.Reprocess;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestModels;
import io.argus.testing.TestPhotos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with the default detector, the pretrained COCO model that `./argus test`
 * installs: photos dropped into the inbox are counted by label through the HTTP API after a batch
 * run; images detected by the built-in detector are detected again with it (reprocessing) and end
 * with one metadata object each, from the new model, and counts that match.
 */
class DefaultDetectorFlowIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPhotoOfADogABicycleAndAPickupIsCountedAsSuchByTheApiAfterABatchRun() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.models.dir", TestModels.dir().toString(),
                "argus.batch.scheduled", "false"));
        assertThat(argus.config().detect().detector()).isEqualTo("centernet");
        Path porch = argus.config().inbox().dir().resolve("porch");
        Files.createDirectories(porch);
        Files.copy(TestPhotos.get("dog.jpg"), porch.resolve("dog.jpg"));

        await().atMost(PATIENCE).until(() -> RuntimeUnderTest.objectKeys(argus, "metadata/").size() == 1);
        JsonNode metadata = metadata(argus, "metadata/porch/dog.jpg.json");
        assertThat(metadata.path("detector").asText()).isEqualTo("centernet");
        assertThat(metadata.path("detector_version").asText()).contains("tensorflow-");
        assertThat(metadata.path("confidence_threshold").asDouble()).isEqualTo(0.3);
        BatchRun run = argus.runBatch("test");
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(BatchRun.Status.SUCCEEDED);

        Map<String, Integer> counts = labelCounts(argus);
        assertThat(counts).containsKeys("bicycle", "dog").containsAnyOf(Map.entry("car", 1), Map.entry("truck", 1));
        assertThat(counts).isEqualTo(countsIn(List.of(metadata)));
    }

    @Test
    void imagesDetectedByTheBuiltInDetectorAreReprocessedByTheDefaultOneAndCountedOnce() throws Exception {
        Properties settings = SharedServices.runtimeSettings(dataDir);
        settings.setProperty("argus.batch.scheduled", "false");
        settings.setProperty("argus.models.dir", dataDir.resolve("no-models").toString());
        List<String> photos = List.of("dog.jpg", "person.jpg", "basketball1.png");
        try (RunningArgus builtin = RunningArgus.start(settings)) {
            assertThat(builtin.config().detect().detector()).isEqualTo("opencv-builtin");
            Path lab = builtin.config().inbox().dir().resolve("lab");
            Files.createDirectories(lab);
            for (String photo : photos) {
                Files.copy(TestPhotos.get(photo), lab.resolve(photo));
            }
            await().atMost(PATIENCE).until(() -> RuntimeUnderTest.objectKeys(builtin, "metadata/").size() == 3);
            assertThat(builtin.runBatch("test").status()).isEqualTo(BatchRun.Status.SUCCEEDED);
        }

        settings.setProperty("argus.models.dir", TestModels.dir().toString());
        RunningArgus argus = runtime.start(dataDir, toMap(settings));
        assertThat(argus.reprocess(new Reprocess.Request("lab/", Optional.empty()))).isEqualTo(3);

        await().atMost(PATIENCE).until(() -> RuntimeUnderTest.objectKeys(argus, "metadata/").stream()
                .allMatch(key -> metadata(argus, key).path("detector").asText().equals("centernet")));
        List<String> keys = RuntimeUnderTest.objectKeys(argus, "metadata/");
        assertThat(keys).containsExactlyInAnyOrder("metadata/lab/dog.jpg.json", "metadata/lab/person.jpg.json",
                "metadata/lab/basketball1.png.json");
        BatchRun run = argus.runBatch("test");
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
        assertThat(run.mode()).isEqualTo("incremental");

        Map<String, Integer> counts = labelCounts(argus);
        assertThat(counts).isEqualTo(countsIn(keys.stream().map(key -> metadata(argus, key)).toList()));
        assertThat(counts).containsKeys("dog", "bicycle", "horse", "person").doesNotContainKey("face");
        assertThat(argus.reprocess(new Reprocess.Request("", Optional.of(java.time.Instant.now().plusSeconds(3600)))))
                .as("nothing stored after a time to come").isZero();
    }

    private static Map<String, String> toMap(Properties settings) {
        Map<String, String> map = new HashMap<>();
        settings.stringPropertyNames().forEach(name -> map.put(name, settings.getProperty(name)));
        return map;
    }

    private static JsonNode metadata(RunningArgus argus, String key) {
        try {
            return JSON.readTree(argus.s3().getObjectAsBytes(r -> r.bucket(argus.config().s3().bucket()).key(key))
                    .asByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Detections per label in the metadata objects, as the batch job counts them (above its minimum confidence). */
    private static Map<String, Integer> countsIn(List<JsonNode> metadata) {
        Map<String, Integer> counts = new TreeMap<>();
        metadata.forEach(image -> image.path("detections").forEach(detection -> counts.merge(
                detection.path("label").asText(), 1, Integer::sum)));
        return counts;
    }

    /** {@code GET /api/label_counts}, as a map. */
    private Map<String, Integer> labelCounts(RunningArgus argus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + argus.config().api().port() + "/api/label_counts")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < body.path("labels").size(); i++) {
            counts.put(body.path("labels").get(i).asText(), body.path("counts").get(i).asInt());
        }
        return counts;
    }
}
