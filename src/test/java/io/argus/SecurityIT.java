package io.argus;

import io.argus.services.TrustedCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.testing.ArgusProcess;
import io.argus.testing.Ports;
import io.argus.testing.SharedServices;
import io.argus.testing.TestDirs;
import io.argus.testing.TestPhotos;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Everything with security on, started as a user starts it: the local Elasticsearch on HTTPS with
 * basic auth, the local Kafka with SASL/SCRAM, the local S3 with generated keys, and the API and
 * dashboard behind basic auth with a write token (one secret from a file). An image goes through
 * every flow, each service refuses a client without credentials, and no secret appears in any log.
 */
class SecurityIT {
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir = TestDirs.create("argus-security");
    private final HttpClient http = HttpClient.newHttpClient();
    private Process argus;

    @AfterEach
    void stop() {
        if (argus != null) {
            argus.descendants().forEach(ProcessHandle::destroyForcibly);
            argus.destroyForcibly();
        }
    }

    @Test
    void withSecurityOnEveryServiceAndTheApiRequireCredentialsTheFlowsWorkAndNoSecretIsLogged() throws Exception {
        String apiPassword = "pw-" + UUID.randomUUID();
        String apiToken = "token-" + UUID.randomUUID();
        Path tokenFile = dataDir.resolve("api-token");
        Files.writeString(tokenFile, apiToken + "\n");
        int apiPort = Ports.free();
        argus = ArgusProcess.launch(dataDir, "argus", apiPort, Map.of(
                "ARGUS_API_AUTH", "basic",
                "ARGUS_API_USERNAME", "viewer",
                "ARGUS_API_PASSWORD", apiPassword,
                "ARGUS_API_TOKEN_FILE", tokenFile.toString(),
                "ARGUS_LOCAL_KAFKA_SASL", "true",
                "ARGUS_BATCH_SCHEDULED", "false"), PATIENCE);
        String api = "http://127.0.0.1:" + apiPort;
        String viewer = basic("viewer", apiPassword);

        // The API and the dashboard: nothing without credentials, a browser is asked for them.
        for (String path : List.of("/", "/api/health", "/api/label_counts", "/api/batch/runs")) {
            HttpResponse<String> refused = get(api + path, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Basic realm=\"Argus\""));
        }
        assertThat(get(api + "/api/health", basic("viewer", apiPassword + "x")).statusCode()).isEqualTo(401);
        assertThat(get(api + "/api/health", "Bearer wrong-" + apiToken).statusCode()).isEqualTo(401);
        assertThat(get(api + "/", viewer).statusCode()).isEqualTo(200);
        assertThat(get(api + "/api/batch/runs", "Bearer " + apiToken).statusCode())
                .as("the write token reads too").isEqualTo(200);

        // The flows over SASL/SCRAM and HTTPS: an image is ingested, detected and indexed for the gallery.
        Path lab = Files.createDirectories(dataDir.resolve("inbox/lab"));
        Files.copy(TestPhotos.get("astronaut.png"), lab.resolve("astronaut.png"));
        await().atMost(PATIENCE).ignoreExceptions().until(() ->
                JSON.readTree(get(api + "/api/detections", viewer).body()).path("detections").size() == 1);
        JsonNode health = JSON.readTree(get(api + "/api/health", viewer).body());
        for (String check : List.of("kafka", "s3", "elasticsearch")) {
            assertThat(health.at("/checks/" + check + "/status").asText()).as(check).isEqualTo("UP");
        }
        HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(api + "/api/batch/runs"))
                .header("Authorization", "Bearer " + apiToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(200);
        assertThat(JSON.readTree(write.body()).path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/api/batch/runs"))
                        .header("Authorization", viewer).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("reading is not writing").isEqualTo(401);

        // Each service refuses a client without credentials.
        Properties elasticsearch = properties("services/elasticsearch-credentials.properties");
        Properties kafka = properties("services/kafka-credentials.properties");
        Properties s3 = properties("services/s3/credentials.properties");
        String banner = Files.readString(dataDir.resolve("logs/argus.out"));
        String esUrl = banner.lines().filter(line -> line.contains("Elasticsearch:")).findFirst().orElseThrow()
                .replaceAll(".*Elasticsearch:\\s+(\\S+).*", "$1");
        assertThat(esUrl).startsWith("https://127.0.0.1:");
        HttpClient trusting = HttpClient.newBuilder().sslContext(TrustedCertificates.sslContext(
                dataDir.resolve("services/elasticsearch/config/certs/ca.crt"))).build();
        URI clusterHealth = URI.create(esUrl + "/_cluster/health");
        assertThat(trusting.send(HttpRequest.newBuilder(clusterHealth).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("Elasticsearch without a user").isEqualTo(401);
        assertThat(trusting.send(HttpRequest.newBuilder(clusterHealth).header("Authorization",
                        basic(elasticsearch.getProperty("username"), elasticsearch.getProperty("password"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(clusterHealth).build(),
                HttpResponse.BodyHandlers.ofString())).as("a certificate Java does not trust is refused")
                .isInstanceOf(IOException.class);
        String kafkaBootstrap = banner.lines().filter(line -> line.contains("Kafka:")).findFirst().orElseThrow()
                .replaceAll(".*Kafka:\\s+(\\S+).*", "$1");
        try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            assertThatThrownBy(() -> anonymous.listTopics().names().get()).as("Kafka without SASL");
        }
        try (Admin authenticated = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + kafka.getProperty("username") + "\" password=\"" + kafka.getProperty("password") + "\";"))) {
            assertThat(authenticated.listTopics().names().get()).contains("argus-image-events");
        }

        argus.destroy();
        assertThat(argus.waitFor()).isIn(0, 143);
        List<String> secrets = List.of(apiPassword, apiToken, elasticsearch.getProperty("password"),
                kafka.getProperty("password"), s3.getProperty("secret-key"));
        List<Path> logs = logFiles();
        assertThat(logs).as("Argus's own output and the services' logs")
                .anyMatch(log -> log.endsWith("argus.out")).anyMatch(log -> log.endsWith("kafka.log"))
                .anyMatch(log -> log.endsWith("elasticsearch.log")).anyMatch(log -> log.endsWith("s3proxy.log"));
        for (Path log : logs) {
            String content = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content).as("%s holds a secret", log).doesNotContain(secret);
            }
        }
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Properties properties(String file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve(file))) {
            p.load(in);
        }
        return p;
    }

    /** Every log of this data directory: Argus's output, the services' logs and Elasticsearch's own. */
    private List<Path> logFiles() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path folder : List.of(dataDir.resolve("logs"), dataDir.resolve("services/elasticsearch/logs"))) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(Files::isRegularFile).forEach(logs::add);
            }
        }
        return logs;
    }
}
