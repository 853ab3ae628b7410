package io.argus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A single-node Elasticsearch 9 from the integ-test distribution. It needs Java 21+ and refuses
 * to run as root, so when Argus runs as root it runs as an unprivileged user that owns its data.
 */
final class LocalElasticsearch {
    private static final int MINIMUM_JAVA = 21;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalElasticsearch() {
    }

    static LocalService start(ServiceLayout layout, int configuredPort, Optional<Path> javaHome, String heap,
                              String user, Duration timeout) {
        Path esHome = layout.distribution("elasticsearch.home");
        Path java = JavaHomes.find(MINIMUM_JAVA, javaHome, "argus.local.elasticsearch.java-home");
        Path home = layout.serviceData("elasticsearch");
        Path config = home.resolve("config");
        int port = ServiceLayout.portOrFree(configuredPort);
        int transportPort = ServiceLayout.portOrFree(0);
        try {
            for (String folder : List.of("data", "logs", "tmp", "config/jvm.options.d")) {
                Files.createDirectories(home.resolve(folder));
            }
            copyDistributionConfig(esHome.resolve("config"), config);
            Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                    "# Written by Argus at every start of the local Elasticsearch.",
                    "cluster.name: argus-local",
                    "node.name: argus-local",
                    "path.data: " + home.resolve("data"),
                    "path.logs: " + home.resolve("logs"),
                    "network.host: 127.0.0.1",
                    "http.port: " + port,
                    "transport.port: " + transportPort,
                    "discovery.type: single-node",
                    "xpack.security.enabled: false",
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    ""));
            Files.writeString(config.resolve("jvm.options.d/argus.options"), "-Xms" + heap + "\n-Xmx" + heap + "\n");

            List<String> command = new ArrayList<>();
            if (runningAsRoot()) {
                String group = run("id", "-g", user).trim();
                run("chown", "-R", user + ":" + group, home.toString());
                command.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups"));
                checkReachableBy(command, user, esHome.resolve("lib/cli-launcher"), home.resolve("config"));
            }
            command.addAll(List.of("bash", esHome.resolve("bin/elasticsearch").toString()));
            SupervisedProcess process = SupervisedProcess.start(new SupervisedProcess.Spec("elasticsearch", command,
                    home, layout.runDir(), layout.logFile("elasticsearch"), config.toString(),
                    Map.of("ES_JAVA_HOME", java.toString(), "ES_PATH_CONF", config.toString(),
                            "ES_TMPDIR", home.resolve("tmp").toString())));
            URI url = URI.create("http://127.0.0.1:" + port);
            process.awaitReady(() -> healthy(url), timeout);
            return new LocalService("elasticsearch", url.toString(), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local Elasticsearch in " + home, e);
        }
    }

    private static void copyDistributionConfig(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(file.getFileName());
                if (!Files.exists(target)) {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** `GET /` answers 405 in this distribution, so readiness is the cluster health. */
    private static boolean healthy(URI url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            url.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Every folder on the way must be searchable by the unprivileged user; say which one is not. */
    private static void checkReachableBy(List<String> asUser, String user, Path... folders) {
        for (Path folder : folders) {
            List<String> check = new ArrayList<>(asUser);
            check.addAll(List.of("test", "-r", folder.toString(), "-a", "-x", folder.toString()));
            try {
                Process process = new ProcessBuilder(check).redirectErrorStream(true).start();
                if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("Argus runs as root, so the local Elasticsearch runs as '" + user
                            + "' (argus.local.elasticsearch.user), who cannot reach " + folder + ". Let others search"
                            + " its parent folders (chmod o+x), or put Argus and argus.data-dir in folders every user"
                            + " can read (not under /root), or run Argus as a normal user.");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run setpriv (util-linux) to drop root for Elasticsearch", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
