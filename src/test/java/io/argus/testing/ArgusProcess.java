package io.argus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `argus run` in its own JVM, as a user would start it, with its own local services on free ports. */
public final class ArgusProcess {
    /** Runtimes under test fail over within seconds, not Kafka's 45 (kill -9 tests wait for it). */
    public static final String KAFKA_SESSION_TIMEOUT = "10s";

    private ArgusProcess() {
    }

    /**
     * Starts it and waits until it says it is running; its output goes to {@code <data-dir>/logs/<name>.out}.
     *
     * @param environment added to this JVM's environment, the way a user passes secrets
     */
    public static Process launch(Path dataDir, String name, int apiPort, Map<String, String> environment,
                                 Duration patience) throws IOException {
        Path out = dataDir.resolve("logs").resolve(name + ".out");
        Files.createDirectories(out.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dargus.home=" + System.getProperty("argus.home"),
                "-Dargus.data-dir=" + dataDir,
                "-Dargus.local.kafka.port=0", "-Dargus.local.s3.port=0", "-Dargus.local.elasticsearch.port=0",
                "-Dargus.api.port=" + apiPort,
                "-Dargus.kafka.session-timeout=" + KAFKA_SESSION_TIMEOUT,
                "-Dargus.monitor.port=" + Ports.free(),
                "-cp", System.getProperty("java.class.path"), "io.argus.cli.Argus", "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("argus run (%s) exited early; see %s", name, out).isTrue();
            return Files.readString(out).contains("Argus is running.");
        });
        return process;
    }
}
