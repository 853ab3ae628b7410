package io.argus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.services.S3Clients;
import io.argus.testing.ArgusProcess;
import io.argus.testing.ImageStream;
import io.argus.testing.Ports;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Several `argus run` processes on one set of services (the shared local Kafka, s3proxy and
 * Elasticsearch, reached as external endpoints), configured alike as a user would run them on
 * several machines: they share the image topic's partitions, a runtime killed with {@code kill -9}
 * leaves its partitions to the others, a runtime that joins takes some without a restart of the
 * others, every runtime's API answers the same, and one batch run at a time runs among them.
 */
class SeveralRuntimesIT {
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final String TOKEN = "several-runtimes-token";
    private static final List<String> PHOTOS = List.of("astronaut.png", "messi5.jpg", "basketball1.png");

    private final Path dataDir = TestDirs.create("several-runtimes");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopRuntimes() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            process.waitFor();
        }
    }

    @Test
    void runtimesSharePartitionsTakeOverFromAKilledOneAndLetOneJoin() throws Exception {
        Properties settings = SharedServices.runtimeSettings(dataDir);
        settings.setProperty("argus.batch.scheduled", "false");
        settings.setProperty("argus.api.cache-ttl", "0");
        settings.setProperty("argus.api.token", TOKEN);
        settings.setProperty("argus.detect.detector", "opencv-builtin");
        // One consumer each, so the topic's 4 partitions are shared out among the runtimes.
        settings.setProperty("argus.detect.in-flight", "1");
        Map<String, String> environment = new HashMap<>();
        settings.stringPropertyNames().forEach(key -> environment.put(ConfigSource.environmentName(key),
                settings.getProperty(key)));
        ArgusConfig config = ArgusConfig.from(settings);
        assertThat(config.kafka().topicPartitions()).isEqualTo(4);

        try (S3Client s3 = S3Clients.create(config.s3(), SharedServices.get().endpoints())) {
            S3Clients.ensureBucket(s3, config.s3().bucket());
            int a = start("a", environment);
            int b = start("b", environment);
            awaitPartitionsSharedAmong(2, config);

            ImageStream.send(s3, config, "images/several/", 0, 40, PHOTOS);
            await().atMost(PATIENCE).until(() -> metadataObjects(s3, config) == 40);
            long detectedByA = detected(a);
            long detectedByB = detected(b);
            assertThat(detectedByA).as("runtime a detected some").isPositive();
            assertThat(detectedByB).as("runtime b detected some").isPositive();
            assertThat(detectedByA + detectedByB).as("each image once").isEqualTo(40);
            Map<String, Long> truth = ImageStream.countedInMetadata(s3, config);
            await().atMost(PATIENCE).until(() -> ImageStream.labelCounts(a).equals(truth)
                    && ImageStream.labelCounts(b).equals(truth));
            assertThat(ImageStream.get(a, "/api/detections?limit=100"))
                    .isEqualTo(ImageStream.get(b, "/api/detections?limit=100"));

            // kill -9 of b mid-stream: a takes b's partitions once Kafka's session timeout declares b gone.
            ImageStream.send(s3, config, "images/several/", 40, 40, PHOTOS);
            await().atMost(PATIENCE).until(() -> detected(b) > detectedByB);
            processes.get(1).destroyForcibly().waitFor();
            await().atMost(PATIENCE).until(() -> metadataObjects(s3, config) == 80);
            Map<String, Long> afterTheKill = ImageStream.countedInMetadata(s3, config);
            await().atMost(PATIENCE).until(() -> ImageStream.labelCounts(a).equals(afterTheKill));

            // c joins while a runs on: it takes partitions, and a is not restarted.
            long detectedByABeforeC = detected(a);
            int c = start("c", environment);
            awaitPartitionsSharedAmong(2, config);
            ImageStream.send(s3, config, "images/several/", 80, 40, PHOTOS);
            await().atMost(PATIENCE).until(() -> metadataObjects(s3, config) == 120);
            assertThat(detected(c)).as("runtime c detected some").isPositive();
            assertThat(detected(a) - detectedByABeforeC).as("runtime a detected some too").isPositive();
            assertThat(processes.get(0).isAlive()).isTrue();
            Map<String, Long> all = ImageStream.countedInMetadata(s3, config);
            await().atMost(PATIENCE).until(() -> ImageStream.labelCounts(a).equals(all)
                    && ImageStream.labelCounts(c).equals(all));
            for (String path : List.of("/api/labels", "/api/timeline?label=person&interval=1h",
                    "/api/detections?limit=200", "/api/count_specific?label=face")) {
                assertThat(ImageStream.get(a, path)).as(path).isEqualTo(ImageStream.get(c, path));
            }

            // Asked at once on both, one runtime runs the batch and the other is refused by the lease.
            CompletableFuture<HttpResponse<String>> onA = runBatch(a);
            CompletableFuture<HttpResponse<String>> onC = runBatch(c);
            List<HttpResponse<String>> answers = List.of(onA.get(), onC.get());
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
            HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
            long winner = processes.get(answers.get(0).statusCode() == 200 ? 0 : 2).pid();
            assertThat(refused.body()).contains("a batch run is already going on " + winner + "@");
            assertThat(ImageStream.labelCounts(a)).as("the batch agrees").isEqualTo(all);
            assertThat(ImageStream.labelCounts(c)).isEqualTo(all);
        }
    }

    /** Starts a runtime in its own data folder, with its own API port; answers the port. */
    private int start(String name, Map<String, String> environment) throws Exception {
        int port = Ports.free();
        processes.add(ArgusProcess.launch(dataDir.resolve(name), name, port, environment, PATIENCE));
        return port;
    }

    /**
     * Until the detect group is stable with that many consumers (one per runtime), each assigned some
     * of the image topic's partitions; the images sent then are not caught in a rebalance.
     */
    private static void awaitPartitionsSharedAmong(int runtimes, ArgusConfig config) {
        String group = config.kafka().detectGroup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.kafka().bootstrapServers().orElseThrow()))) {
            await().atMost(PATIENCE).until(() -> {
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                return described.state() == ConsumerGroupState.STABLE && described.members().size() == runtimes
                        && described.members().stream()
                                .allMatch(member -> !member.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private static long metadataObjects(S3Client s3, ArgusConfig config) {
        return ImageStream.objectKeys(s3, config, config.s3().metadataPrefix()).size();
    }

    /** Images this runtime's detect flow completed since it started. */
    private static long detected(int apiPort) throws Exception {
        return ImageStream.get(apiPort, "/api/stats").at("/flows/detect/completed").asLong();
    }

    private CompletableFuture<HttpResponse<String>> runBatch(int apiPort) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/batch/runs"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
