package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.bench.SyntheticMetadata;
import io.argus.config.ArgusConfig;
import io.argus.local.LocalServices;
import io.argus.testing.CountsIndex;
import io.argus.testing.Ports;
import io.argus.testing.PrometheusScrape;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Elasticsearch goes away while a batch run is under way and comes back 20 s later: the run
 * retries, completes, and the counts are exact, with nothing duplicated. Meanwhile the dashboard
 * API answers 503 with a JSON error, and the health check names Elasticsearch as down.
 */
class ElasticsearchOutageIT {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunOutlastsAnElasticsearchRestartWithExactCountsAndTheApiAnswers503Meanwhile() throws Exception {
        Properties esSettings = SharedServices.runtimeSettings(TestDirs.create("argus-es-outage"));
        esSettings.setProperty("argus.elasticsearch.url", "");
        esSettings.setProperty("argus.local.elasticsearch.port", Integer.toString(Ports.free()));
        ArgusConfig esConfig = ArgusConfig.from(esSettings);
        LocalServices elasticsearch = LocalServices.start(esConfig);
        try {
            Map<String, String> settings = new HashMap<>(SharedServices.elasticsearch(
                    elasticsearch.endpoints().elasticsearch()));
            settings.put("argus.batch.scheduled", "false");
            RunningArgus argus = runtime.start(dataDir, settings);
            SyntheticMetadata metadata = new SyntheticMetadata(5, Instant.parse("2026-03-02T00:00:00Z"), 6, 3);
            for (int i = 0; i < 300; i++) {
                byte[] content = metadata.next(i);
                String key = "metadata/outage/img_" + i + ".json";
                argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key(key),
                        RequestBody.fromBytes(content));
            }

            CompletableFuture<BatchRun> run = CompletableFuture.supplyAsync(() -> argus.runBatch("test"));
            // Under way: it holds the batch lease (which a run needs Elasticsearch to take).
            await().atMost(Duration.ofSeconds(60)).until(() -> argus.elasticsearch().exists(e -> e
                    .index(argus.config().index().locksName()).id(argus.config().s3().bucket() + "/"
                            + argus.config().batch().s3Prefix())).value());
            elasticsearch.close();
            long down = System.nanoTime();
            String api = "http://127.0.0.1:" + argus.config().api().port() + "/api/";
            HttpResponse<String> counts = get(api + "label_counts");
            assertThat(counts.statusCode()).as("the dashboard API while Elasticsearch is down").isEqualTo(503);
            assertThat(JSON.readTree(counts.body()).path("error").asText()).startsWith("Elasticsearch is unavailable");
            assertThat(counts.body()).doesNotContain("\tat ").doesNotContain("Exception:");
            HttpResponse<String> health = get(api + "health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).at("/checks/elasticsearch/status").asText()).isEqualTo("DOWN");
            assertThat(JSON.readTree(health.body()).at("/checks/s3/status").asText()).isEqualTo("UP");
            Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - down) / 1_000_000));
            assertThat(run).isNotDone();
            elasticsearch = LocalServices.start(esConfig);
            BatchRun finished = run.get(3, TimeUnit.MINUTES);

            assertThat(finished.status()).as(String.valueOf(finished.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
            assertThat(finished.indexVerified()).isTrue();
            assertThat(CountsIndex.counts(argus)).isEqualTo(metadata.truth());
            assertThat(PrometheusScrape.value(argus, "argus_index_failures_total", "kind=\"request\""))
                    .as("the failed Elasticsearch calls while it was down").isPositive();
        } finally {
            elasticsearch.close();
        }
    }
}
