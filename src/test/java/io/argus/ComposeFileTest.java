package io.argus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yml is validated by Debian's docker-compose (no Docker engine is needed for that). */
class ComposeFileTest {
    private record Result(int exitCode, String output) {
    }

    private static Result compose(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker-compose", "-f", "docker-compose.yml"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("MINIO_ROOT_USER");
        builder.environment().remove("MINIO_ROOT_PASSWORD");
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
    void theStackIsValidAndWiresArgusToKafkaMinioAndElasticsearch() throws Exception {
        Result services = compose(Map.of("MINIO_ROOT_USER", "argus", "MINIO_ROOT_PASSWORD", "not-a-real-secret"),
                "config", "--services");
        assertThat(services.exitCode()).as(services.output()).isZero();
        assertThat(services.output().lines().toList())
                .containsExactlyInAnyOrder("kafka", "minio", "elasticsearch", "argus");

        Result config = compose(Map.of("MINIO_ROOT_USER", "argus", "MINIO_ROOT_PASSWORD", "not-a-real-secret"), "config");
        assertThat(config.output()).contains("ARGUS_KAFKA_BOOTSTRAP_SERVERS: kafka:9092",
                "ARGUS_S3_ENDPOINT: http://minio:9000", "ARGUS_ELASTICSEARCH_URL: http://elasticsearch:9200");
    }

    @Test
    void theStackHasNoDefaultSecrets() throws Exception {
        Result result = compose(Map.of(), "config", "-q");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("set MINIO_ROOT_USER");
    }
}
