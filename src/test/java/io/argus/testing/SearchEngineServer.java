package io.argus.testing;

import io.argus.local.JavaHomes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node Elasticsearch or OpenSearch from its test distribution (unpacked by Maven into
 * {@code argus.search-engines}), started for a test and stopped with it: plain HTTP, no security,
 * run as {@code nobody} when the tests run as root (neither server runs as root).
 */
public final class SearchEngineServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final String distribution;
    private final URI url;
    private final Process process;
    private final Path log;

    private SearchEngineServer(String distribution, URI url, Process process, Path log) {
        this.distribution = distribution;
        this.url = url;
        this.process = process;
        this.log = log;
    }

    /** The distributions the build unpacked, e.g. {@code opensearch-3.3.2}, from the pom's versions. */
    public static List<String> distributions() {
        return List.of(System.getProperty("argus.search-engines.versions").split(","));
    }

    /** Starts {@code elasticsearch-X.Y.Z} or {@code opensearch-X.Y.Z} and waits until its cluster is yellow. */
    public static SearchEngineServer start(String distribution) {
        Path home = Path.of(System.getProperty("argus.search-engines")).resolve(distribution);
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(home + " is missing: the build unpacks it (mvn generate-test-resources)");
        }
        boolean openSearch = distribution.startsWith("opensearch-");
        int major = Integer.parseInt(distribution.substring(distribution.indexOf('-') + 1).split("\\.")[0]);
        // Elasticsearch 8 and OpenSearch 2 run on this JVM's Java 17; OpenSearch 3 needs 21 or newer.
        int java = openSearch && major >= 3 ? 21 : 17;
        Path javaHome = JavaHomes.find(java, Optional.empty(), "java for " + distribution);
        Path data = TestDirs.create("argus-" + distribution);
        Path config = data.resolve("config");
        int port = Ports.free();
        String prefix = openSearch ? "OPENSEARCH" : "ES";
        try {
            copyTree(home.resolve("config"), config);
            Files.createDirectories(data.resolve("tmp"));
            Files.createDirectories(data.resolve("logs"));
            // OpenSearch's JVM options name logs/ and data/ relative to where it runs: make them its own.
            Path jvmOptions = config.resolve("jvm.options");
            Files.writeString(jvmOptions, Files.readString(jvmOptions)
                    .replace("logs/", data.resolve("logs") + "/")
                    .replace("HeapDumpPath=data", "HeapDumpPath=" + data.resolve("data")));
            Files.writeString(config.resolve(openSearch ? "opensearch.yml" : "elasticsearch.yml"), String.join("\n",
                    "cluster.name: argus-compat",
                    "node.name: argus-compat",
                    "path.data: " + data.resolve("data"),
                    "path.logs: " + data.resolve("logs"),
                    "network.host: 127.0.0.1",
                    "http.port: " + port,
                    "transport.port: " + Ports.free(),
                    "discovery.type: single-node",
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    openSearch ? "" : "xpack.security.enabled: false",
                    ""));
            Files.createDirectories(config.resolve("jvm.options.d"));
            Files.writeString(config.resolve("jvm.options.d/heap.options"), "-Xms384m\n-Xmx384m\n");
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                run("chown", "-R", "nobody:nogroup", data.toString());
                command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            }
            command.addAll(List.of("bash", home.resolve(openSearch ? "bin/opensearch" : "bin/elasticsearch").toString()));
            Path log = data.resolve("console.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(data.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put(prefix + "_JAVA_HOME", javaHome.toString());
            builder.environment().put(prefix + "_PATH_CONF", config.toString());
            builder.environment().put(prefix + "_TMPDIR", data.resolve("tmp").toString());
            SearchEngineServer server = new SearchEngineServer(distribution, URI.create("http://127.0.0.1:" + port),
                    builder.start(), log);
            server.awaitYellow();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + distribution, e);
        }
    }

    public URI url() {
        return url;
    }

    @Override
    public String toString() {
        return distribution;
    }

    private void awaitYellow() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(distribution + " exited (" + process.exitValue() + "): " + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                url.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException(distribution + " was not ready within " + STARTUP + ": " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
