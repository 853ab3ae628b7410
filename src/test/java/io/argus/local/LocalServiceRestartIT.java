package io.argus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local service that dies (here the local S3 server, killed with SIGKILL) is started again by its
 * supervisor: health shows it down meanwhile, and up again with a new process on the same port and
 * data once it is back.
 */
class LocalServiceRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKilledLocalS3ServerIsStartedAgainAndHealthShowsItDownMeanwhile() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        ProcessHandle killed = SharedServices.process("s3proxy");
        assertThat(s3Status(argus)).isEqualTo("UP");

        killed.destroyForcibly();
        AtomicBoolean sawDown = new AtomicBoolean();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = s3Status(argus);
            sawDown.compareAndSet(false, status.equals("DOWN"));
            return sawDown.get() && status.equals("UP");
        });

        ProcessHandle restarted = SharedServices.process("s3proxy");
        assertThat(restarted.pid()).isNotEqualTo(killed.pid());
        assertThat(restarted.isAlive()).isTrue();
        assertThat(argus.s3().headBucket(r -> r.bucket(argus.config().s3().bucket())).sdkHttpResponse().isSuccessful())
                .as("the bucket, kept in the server's data folder, is there again").isTrue();
    }

    private String s3Status(RunningArgus argus) throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + argus.config().api().port() + "/api/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(health.body()).path("checks").path("s3").path("status").asText();
    }
}
