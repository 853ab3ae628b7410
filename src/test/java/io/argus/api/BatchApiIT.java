package io.argus.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.bench.SyntheticMetadata;
import io.argus.testing.RuntimeUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The batch flow over HTTP: the run history, and the manual trigger, which needs the token. */
class BatchApiIT {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @Test
    void aRunIsTriggeredWithTheTokenOnlyAndListedInTheHistory() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false",
                "argus.api.token", TOKEN));
        base = "http://127.0.0.1:" + argus.config().api().port() + "/api/batch/runs";

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("error").asText()).contains("Bearer");
        assertThat(send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", "Bearer wrong-token-000000")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(401);

        HttpResponse<String> triggered = send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(triggered.statusCode()).isEqualTo(200);
        JsonNode run = JSON.readTree(triggered.body());
        assertThat(run.path("trigger").asText()).isEqualTo("http");
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");

        HttpResponse<String> listed = send(HttpRequest.newBuilder(URI.create(base + "?limit=5")).GET());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).get(0).path("run_id").asText()).isEqualTo(run.path("run_id").asText());
        assertThat(listed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void aBadLimitOrPageStartIsABadRequestNamingTheParameterAndWritesNeedAConfiguredToken() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        base = "http://127.0.0.1:" + argus.config().api().port() + "/api/batch/runs";
        for (String limit : new String[] {"0", "101", "ten"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "?limit=" + limit)).GET());
            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("parameter").asText()).isEqualTo("limit");
        }
        HttpResponse<String> before = send(HttpRequest.newBuilder(URI.create(base + "?before=yesterday")).GET());
        assertThat(before.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(before.body()).path("parameter").asText()).isEqualTo("before");
        HttpResponse<String> write = send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer anything-at-all-000").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(write.body()).path("error").asText()).contains("argus.api.token");
        assertThat(argus.batchHistory().recent(5)).isEmpty();
    }

    /** A run that fails (here, on a cluster configuration Hadoop cannot use) is answered with its record. */
    @Test
    void aRunThatFailsIsAnsweredWithItsRecordAndListed() throws Exception {
        Path cluster = Files.createDirectories(dataDir.resolve("cluster"));
        Files.writeString(cluster.resolve("mapred-site.xml"), "<configuration><property><name>mapreduce.framework.name"
                + "</name><value>no-such-framework</value></property></configuration>");
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false",
                "argus.api.token", TOKEN, "argus.batch.hadoop-conf-dir", cluster.toString()));
        base = "http://127.0.0.1:" + argus.config().api().port() + "/api/batch/runs";
        argus.s3().putObject(r -> r.bucket(argus.config().s3().bucket()).key("metadata/cam/img.jpg.json"),
                RequestBody.fromBytes(new SyntheticMetadata(3, Instant.parse("2026-03-01T00:00:00Z"), 1, 2).next(0)));

        HttpResponse<String> triggered = send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(200);
        JsonNode run = JSON.readTree(triggered.body());
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("error").asText()).contains("mapreduce.framework.name");
        JsonNode listed = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base)).GET()).body());
        assertThat(listed.get(0).path("run_id").asText()).isEqualTo(run.path("run_id").asText());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
