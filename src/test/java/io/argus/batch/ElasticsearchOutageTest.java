package io.argus.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.ArgusRuntime;
import io.argus.bench.SyntheticMetadata;
import io.argus.config.ArgusConfig;
import io.argus.local.LocalServices;
import io.argus.testing.CountsIndex;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import java.nio.file.Path;
import java.time.Instant;
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
 * retries, completes, and the counts are exact, with nothing duplicated.
 */
class ElasticsearchOutageTest {
    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    @Test
    void aRunOutlastsAnElasticsearchRestartWithExactCounts() throws Exception {
        Properties esSettings = SharedServices.runtimeSettings(TestDirs.create("argus-es-outage"));
        esSettings.setProperty("argus.elasticsearch.url", "");
        esSettings.setProperty("argus.local.elasticsearch.port", Integer.toString(SharedServices.freePort()));
        ArgusConfig esConfig = ArgusConfig.from(esSettings);
        LocalServices elasticsearch = LocalServices.start(esConfig);
        try {
            ArgusRuntime argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false",
                    "argus.elasticsearch.url", elasticsearch.endpoints().elasticsearchUrl().toString()));
            SyntheticMetadata metadata = new SyntheticMetadata(5, Instant.parse("2026-03-02T00:00:00Z"), 6, 3);
            for (int i = 0; i < 300; i++) {
                byte[] content = metadata.next(i);
                String key = "metadata/outage/img_" + i + ".json";
                argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key(key),
                        RequestBody.fromBytes(content));
            }

            CompletableFuture<BatchRun> run = CompletableFuture.supplyAsync(() -> argus.runBatch("test"));
            elasticsearch.close();
            Thread.sleep(20_000);
            assertThat(run).isNotDone();
            elasticsearch = LocalServices.start(esConfig);
            BatchRun finished = run.get(3, TimeUnit.MINUTES);

            assertThat(finished.status()).as(String.valueOf(finished.error())).isEqualTo(BatchRun.Status.SUCCEEDED);
            assertThat(finished.indexVerified()).isTrue();
            assertThat(CountsIndex.counts(argus)).isEqualTo(metadata.truth());
        } finally {
            elasticsearch.close();
        }
    }
}
