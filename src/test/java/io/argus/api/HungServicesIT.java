package io.argus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.services.Endpoints;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.StallingProxy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3, Elasticsearch and Kafka that accept connections and never answer (a stopped process with its
 * port open): health answers DOWN (503) and requests answer 503 as JSON within argus.api.deadline,
 * instead of hanging. S3 and Elasticsearch are reached through a proxy that stalls; the Kafka broker
 * is stopped with SIGSTOP and continued after.
 */
class HungServicesIT {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Beyond the deadline: the round trip and a loaded machine; a hung call would take 30 s or forever. */
    private static final Duration SLACK = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StallingProxy s3;
    private StallingProxy elasticsearch;
    private RunningArgus argus;

    @BeforeEach
    void startBehindProxies() throws Exception {
        Endpoints services = SharedServices.get().endpoints();
        s3 = new StallingProxy(services.s3Endpoint().orElseThrow().getPort());
        elasticsearch = new StallingProxy(services.elasticsearch().url().getPort());
        argus = runtime.start(dataDir, Map.of(
                "argus.s3.endpoint", "http://127.0.0.1:" + s3.port(),
                "argus.elasticsearch.url", "https://127.0.0.1:" + elasticsearch.port(),
                "argus.api.deadline", DEADLINE.toMillis() + "ms",
                "argus.batch.scheduled", "false"));
        assertThat(get("/api/health").statusCode()).as("all up before").isEqualTo(200);
    }

    @AfterEach
    void closeProxies() throws Exception {
        s3.close();
        elasticsearch.close();
    }

    @Test
    void aHungS3MakesHealthDownAndRequestsAnswer503InTime() throws Exception {
        s3.stall();

        assertDown("s3");
        assertUnavailable("/api/batch/runs");
        assertUnavailable("/api/images/images/cam/frame.jpg");
        assertNoThreadStillWaitsOn("software.amazon.awssdk");
    }

    @Test
    void aHungElasticsearchMakesHealthDownAndRequestsAnswer503InTime() throws Exception {
        elasticsearch.stall();

        assertDown("elasticsearch");
        assertUnavailable("/api/label_counts");
        assertUnavailable("/api/detections");
        assertUnavailable("/api/timeline?label=person");
        assertNoThreadStillWaitsOn("co.elastic.clients");
    }

    @Test
    void aHungKafkaBrokerMakesHealthDownInTime() throws Exception {
        ProcessHandle broker = SharedServices.process("kafka");
        signal("STOP", broker);
        try {
            assertDown("kafka");
            assertAnsweredInTime("/api/stats");
            assertNoThreadStillWaitsOn("org.apache.kafka");
        } finally {
            signal("CONT", broker);
        }
    }

    @Test
    void aServiceThatAnswersAgainIsUpAgain() throws Exception {
        s3.stall();
        assertDown("s3");
        s3.resume();
        assertThat(get("/api/health").statusCode()).isEqualTo(200);
    }

    private void assertDown(String check) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/api/health");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("checks").path(check).path("status").asText()).as(response.body()).isEqualTo("DOWN");
        assertThat(took).as("/api/health answered within the deadline").isLessThan(DEADLINE.plus(SLACK));
    }

    /** A request that answers 200 with what it could read, within the deadline (stats name a dependency's error). */
    private void assertAnsweredInTime(String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/detect/consumer_lag/error").asText()).startsWith("Kafka is unavailable");
        assertThat(took).as(path + " answered within the deadline").isLessThan(DEADLINE.plus(SLACK));
    }

    private void assertUnavailable(String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get(path);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).path("error").asText()).isNotBlank();
        assertThat(took).as(path + " answered within the deadline").isLessThan(DEADLINE.plus(SLACK));
    }

    /**
     * The calls the requests made end with the deadline, not only the answers: soon after, no thread
     * of Argus is still inside the client of the hung service (a thread that is would be lost until
     * the service answers, and enough of them would starve the API).
     */
    private static void assertNoThreadStillWaitsOn(String clientPackage) {
        await().atMost(DEADLINE.plus(SLACK)).untilAsserted(() -> assertThat(threadsIn(clientPackage))
                .as("threads of Argus inside " + clientPackage).isEmpty());
    }

    private static List<String> threadsIn(String clientPackage) {
        List<String> inside = new ArrayList<>();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            List<String> frames = Arrays.stream(thread.getStackTrace()).map(StackTraceElement::getClassName).toList();
            if (frames.stream().anyMatch(frame -> frame.startsWith("io.argus.") && !frame.startsWith("io.argus.testing"))
                    && frames.stream().anyMatch(frame -> frame.startsWith(clientPackage))) {
                inside.add(thread.getThreadName() + " " + frames.subList(0, Math.min(12, frames.size())));
            }
        }
        return inside;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + argus.config().api().port() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }
}
