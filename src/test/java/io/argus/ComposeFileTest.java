package io.argus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml, the distributed stack with security on, is validated by Debian's
 * docker-compose (no Docker engine is needed for that).
 */
class ComposeFileTest {
    /** Every secret the stack needs; none has a default. */
    private static final Map<String, String> SECRETS = Map.of(
            "MINIO_ROOT_USER", "argus",
            "MINIO_ROOT_PASSWORD", "minio-secret-for-the-test",
            "ELASTIC_PASSWORD", "elastic-secret-for-the-test",
            "KIBANA_PASSWORD", "kibana-secret-for-the-test",
            "ARGUS_ELASTICSEARCH_PASSWORD", "argus-es-secret-for-the-test",
            "KAFKA_ARGUS_PASSWORD", "kafka-secret-for-the-test",
            "ARGUS_API_PASSWORD", "api-secret-for-the-test",
            "ARGUS_API_TOKEN", "api-token-for-the-test");

    private record Result(int exitCode, String output) {
    }

    private static Result compose(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        SECRETS.keySet().forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is not installed; ./argus test installs it", e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void theStackIsValidAndHasKafkaMinioElasticsearchKibanaHadoopAndArgus() throws Exception {
        Result services = compose(SECRETS, "config", "--services");
        assertThat(services.exitCode()).as(services.output()).isZero();
        assertThat(services.output().lines().toList()).containsExactlyInAnyOrder("kafka", "minio", "setup",
                "elasticsearch", "kibana", "kibana-objects", "namenode", "datanode", "resourcemanager", "nodemanager", "argus",
                "argus-worker");
    }

    @Test
    @SuppressWarnings("unchecked")
    void argusAndItsWorkersReachEveryServiceWithSecurityOn() throws Exception {
        String config = compose(SECRETS, "config").output();
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Load(
                LoadSettings.builder().build()).loadFromString(config)).get("services");
        for (String service : List.of("argus", "argus-worker")) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            assertThat((Map<String, Object>) definition.get("environment")).as(service)
                    .containsEntry("ARGUS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("ARGUS_KAFKA_SECURITY_PROTOCOL", "sasl-plaintext")
                    .containsEntry("ARGUS_KAFKA_PASSWORD", SECRETS.get("KAFKA_ARGUS_PASSWORD"))
                    .containsEntry("ARGUS_S3_ENDPOINT", "http://minio:9000")
                    .containsEntry("ARGUS_S3_SECRET_KEY", SECRETS.get("MINIO_ROOT_PASSWORD"))
                    .containsEntry("ARGUS_ELASTICSEARCH_URL", "https://elasticsearch:9200")
                    .containsEntry("ARGUS_ELASTICSEARCH_CA_CERTIFICATE", "/certs/ca/ca.crt")
                    .containsEntry("ARGUS_API_AUTH", "basic")
                    .containsEntry("ARGUS_BATCH_HADOOP_CONF_DIR", "/tmp/hadoop-conf");
            assertThat(definition.get("entrypoint").toString()).as(service)
                    .contains("yarn.resourcemanager.hostname resourcemanager");
        }
        Map<String, Object> elasticsearch = (Map<String, Object>) ((Map<String, Object>) services
                .get("elasticsearch")).get("environment");
        assertThat(elasticsearch).containsEntry("xpack.security.enabled", "true")
                .containsEntry("xpack.security.http.ssl.enabled", "true");
        assertThat(((Map<String, Object>) services.get("kafka")).get("entrypoint").toString())
                .contains("sasl.enabled.mechanisms=SCRAM-SHA-512", "--add-scram");
        assertThat((Map<String, Object>) ((Map<String, Object>) services.get("kibana")).get("environment"))
                .containsEntry("ELASTICSEARCH_HOSTS", "https://elasticsearch:9200");
        assertThat((Map<String, Object>) ((Map<String, Object>) services.get("nodemanager")).get("environment"))
                .containsEntry("YARN-SITE.XML_yarn.resourcemanager.hostname", "resourcemanager");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kibanaGetsDataViewsOfArgusIndicesAndADashboardWhoseReferencesAllResolve() throws Exception {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Load(
                LoadSettings.builder().build()).loadFromString(compose(SECRETS, "config").output())).get("services");
        Map<String, Object> importer = (Map<String, Object>) services.get("kibana-objects");
        assertThat(importer.get("volumes").toString()).contains("docs/kibana/argus-saved-objects.ndjson");
        assertThat(importer.get("entrypoint").toString()).contains("/api/saved_objects/_import?overwrite=true");

        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> objects = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("docs/kibana/argus-saved-objects.ndjson"))) {
            JsonNode object = json.readTree(line);
            assertThat(objects.put(object.path("type").asText() + ":" + object.path("id").asText(), object))
                    .as("one object per type and id").isNull();
        }
        Map<String, String> dataViews = new HashMap<>();
        objects.values().stream().filter(object -> object.path("type").asText().equals("index-pattern"))
                .forEach(view -> dataViews.put(view.path("attributes").path("title").asText(),
                        view.path("attributes").path("timeFieldName").asText()));
        assertThat(dataViews).as("Argus's indices by their default names, with their time fields")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                Settings.INDEX_NAME.defaultValue(), "time_bucket",
                Settings.INDEX_LIVE_NAME.defaultValue(), "time_bucket",
                Settings.INDEX_DETECTIONS_NAME.defaultValue(), "event_timestamp"));
        for (JsonNode object : objects.values()) {
            for (JsonNode reference : object.path("references")) {
                assertThat(objects).as("%s refers to %s", object.path("id").asText(), reference)
                        .containsKey(reference.path("type").asText() + ":" + reference.path("id").asText());
            }
        }
        JsonNode dashboard = objects.get("dashboard:argus");
        JsonNode panels = json.readTree(dashboard.path("attributes").path("panelsJSON").asText());
        assertThat(panels).hasSize(dashboard.path("references").size());
        for (JsonNode panel : panels) {
            assertThat(dashboard.path("references").findValuesAsText("name")).contains(panel.path("panelRefName").asText());
        }
    }

    @Test
    void theStackRefusesToStartWithoutEachOfItsSecrets() throws Exception {
        for (String secret : SECRETS.keySet()) {
            Map<String, String> withoutOne = new HashMap<>(SECRETS);
            withoutOne.remove(secret);
            Result result = compose(withoutOne, "config", "-q");
            assertThat(result.exitCode()).as(secret).isNotZero();
            assertThat(result.output()).as(secret).contains("set " + secret);
        }
    }
}
