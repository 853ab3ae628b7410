package io.argus.batch;

import static io.argus.batch.RecordedRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.testing.CountingProxy;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the batch history costs those who read it every second (the API, the health check, JMX),
 * counted as the requests s3proxy receives: as many with a long history as with a short one.
 */
class BatchHistoryCostIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2;

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theApiTheHealthCheckAndJmxAskS3AsOftenWithFiveHundredRunsInTheHistoryAsWithFive() throws Exception {
        try (CountingProxy s3 = new CountingProxy(SharedServices.get().endpoints().s3Endpoint().orElseThrow().getPort())) {
            RunningArgus argus = runtime.start(dataDir, Map.of("argus.s3.endpoint", "http://127.0.0.1:" + s3.port(),
                    // On, so that the health check reads the history, and never firing.
                    "argus.batch.cron", "0 0 0 1 1 ? 2099"));
            BatchHistory history = argus.batchHistory();
            Instant weeksAgo = Instant.now().minus(Duration.ofDays(21));
            RecordedRuns.record(history, IntStream.range(0, 4)
                    .mapToObj(i -> run(weeksAgo.plus(Duration.ofDays(7)).plusSeconds(600L * i), status(i))).toList());
            argus.runBatch("test");
            assertThat(RuntimeUnderTest.objectKeys(argus, "aggregates/history/")).hasSize(5);
            Map<String, List<String>> withFive = requestsPerAnswer(argus, s3);

            RecordedRuns.record(history, IntStream.range(0, 494)
                    .mapToObj(i -> run(weeksAgo.plusSeconds(600L * i), status(i))).toList());
            argus.runBatch("test");
            assertThat(RuntimeUnderTest.objectKeys(argus, "aggregates/history/")).hasSize(500);
            Map<String, List<String>> withFiveHundred = requestsPerAnswer(argus, s3);

            assertThat(counts(withFiveHundred)).as("%s%nagainst%n%s", withFiveHundred, withFive)
                    .isEqualTo(counts(withFive));
            assertThat(counts(withFiveHundred)).as("%s", withFiveHundred).isEqualTo(Map.of(
                    "GET /api/stats", 1, "GET /api/health", 2, "GET /api/count_specific", 1, "JMX LastRun", 1,
                    "GET /api/batch/runs?limit=2", 1 + PAGE, "GET /api/batch/runs?limit=2&before=", 1 + PAGE));
        }
    }

    /** Every tenth run failed. */
    private static BatchRun.Status status(int i) {
        return i % 10 == 9 ? BatchRun.Status.FAILED : BatchRun.Status.SUCCEEDED;
    }

    /** The requests S3 received for each answer, with what each answer said checked. */
    private Map<String, List<String>> requestsPerAnswer(RunningArgus argus, CountingProxy s3) throws Exception {
        String api = "http://127.0.0.1:" + argus.config().api().port();
        BatchRun last = argus.batchHistory().lastRun().orElseThrow();
        Map<String, List<String>> requests = new LinkedHashMap<>();
        requests.put("GET /api/stats", s3.requestsDuring(() -> assertThat(JSON.readTree(get(api + "/api/stats"))
                .at("/last_batch_run/run_id").asText()).isEqualTo(last.runId())));
        requests.put("GET /api/health", s3.requestsDuring(() -> assertThat(JSON.readTree(get(api + "/api/health"))
                .at("/checks/batch/status").asText()).isEqualTo("UP")));
        // The counts API reads where the confirmed counts end at most once a second.
        Thread.sleep(1100);
        requests.put("GET /api/count_specific", s3.requestsDuring(() -> assertThat(JSON.readTree(get(api
                + "/api/count_specific?label=person")).path("confirmed_until").isTextual()).isTrue()));
        requests.put("JMX LastRun", s3.requestsDuring(() -> assertThat((String) ManagementFactory
                .getPlatformMBeanServer().getAttribute(new ObjectName(BatchFeature.MBEAN), "LastRun"))
                .contains(last.runId())));
        JsonNode[] page = new JsonNode[1];
        requests.put("GET /api/batch/runs?limit=2", s3.requestsDuring(
                () -> page[0] = JSON.readTree(get(api + "/api/batch/runs?limit=" + PAGE))));
        assertThat(page[0]).hasSize(PAGE);
        assertThat(page[0].get(0).path("run_id").asText()).isEqualTo(last.runId());
        String before = page[0].get(PAGE - 1).path("start").asText();
        requests.put("GET /api/batch/runs?limit=2&before=", s3.requestsDuring(() -> {
            JsonNode next = JSON.readTree(get(api + "/api/batch/runs?limit=" + PAGE + "&before=" + before));
            assertThat(next).hasSize(PAGE);
            assertThat(Instant.parse(next.get(0).path("start").asText())).isBefore(Instant.parse(before));
        }));
        return requests;
    }

    private static Map<String, Integer> counts(Map<String, List<String>> requests) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        requests.forEach((answer, made) -> counts.put(answer, made.size()));
        return counts;
    }

    private String get(String uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + " " + response.body()).isEqualTo(200);
        return response.body();
    }
}
