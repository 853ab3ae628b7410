package io.argus.local;

import io.argus.config.Secret;
import io.argus.services.ElasticsearchAccess;
import io.argus.services.ElasticsearchClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A single-node Elasticsearch 9 from the integ-test distribution. It needs Java 21+ and refuses
 * to run as root, so when Argus runs as root it runs as an unprivileged user that owns its data.
 * With security (the default) it answers HTTPS only, with a certificate of its own CA, and
 * requires basic auth: the CA, the certificate and a user are generated on first start with
 * Elasticsearch's own tools, the user's password into a file only Argus's user can read.
 */
final class LocalElasticsearch {
    private static final int MINIMUM_JAVA = 21;
    /** The user Argus connects as, with the role {@link #ROLES} defines. */
    private static final String USER = "argus";
    /** All on every index, and the cluster's health: what the flows, the API and the tests need. */
    private static final String ROLES = String.join("\n",
            "# Written by Argus: the role of the user it connects as.",
            USER + ":",
            "  cluster: [monitor]",
            "  indices:",
            "    - names: ['*']",
            "      privileges: [all]",
            "");

    /** How clients reach a local Elasticsearch with security on. */
    record Security(String username, Secret password, Path caCertificate) {
    }

    private LocalElasticsearch() {
    }

    static LocalService start(ServiceLayout layout, int configuredPort, boolean secure, Optional<Path> javaHome,
                              String heap, String user, Duration timeout) {
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
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    secure ? String.join("\n",
                            "xpack.security.enabled: true",
                            "xpack.security.http.ssl.enabled: true",
                            "xpack.security.http.ssl.certificate: certs/http.crt",
                            "xpack.security.http.ssl.key: certs/http.key",
                            "xpack.security.http.ssl.certificate_authorities: [certs/ca.crt]",
                            "xpack.security.transport.ssl.enabled: false")
                            : "xpack.security.enabled: false",
                    ""));
            Optional<Security> security = Optional.empty();
            if (secure) {
                Map<String, String> tools = Map.of("ES_JAVA_HOME", java.toString(), "ES_PATH_CONF", config.toString());
                generateCertificates(esHome, config.resolve("certs"), tools);
                security = Optional.of(ensureUser(layout, esHome, config, tools));
            }
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
            URI url = URI.create((secure ? "https" : "http") + "://127.0.0.1:" + port);
            ElasticsearchAccess access = new ElasticsearchAccess(url,
                    security.map(Security::username), security.map(Security::password),
                    security.map(Security::caCertificate));
            HttpClient http = ElasticsearchClients.httpClient(access).connectTimeout(Duration.ofSeconds(2)).build();
            process.awaitReady(() -> healthy(http, url, ElasticsearchClients.authorization(access)), timeout);
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

    /** The credentials and CA of this data directory's local Elasticsearch, when it runs with security. */
    static Optional<Security> security(ServiceLayout layout, boolean secure) {
        if (!secure) {
            return Optional.empty();
        }
        Properties credentials = PrivateFiles.generatedUser(credentialsFile(layout), USER);
        return Optional.of(new Security(credentials.getProperty("username"), new Secret(credentials.getProperty("password")),
                layout.serviceData("elasticsearch").resolve("config/certs/ca.crt")));
    }

    /** Outside Elasticsearch's own folder, which its unprivileged user owns. */
    private static Path credentialsFile(ServiceLayout layout) {
        return layout.serviceData("elasticsearch").resolveSibling("elasticsearch-credentials.properties");
    }

    /** A CA and an HTTPS certificate for 127.0.0.1 and localhost, made once with elasticsearch-certutil. */
    private static void generateCertificates(Path esHome, Path certs, Map<String, String> tools) throws IOException {
        if (Files.exists(certs.resolve("http.crt"))) {
            return;
        }
        Path work = Files.createTempDirectory(certs.getParent(), "certutil");
        String certutil = esHome.resolve("bin/elasticsearch-certutil").toString();
        runTool(tools, null, "bash", certutil, "ca", "--pem", "--silent", "--out", work.resolve("ca.zip").toString());
        unzipFlat(work.resolve("ca.zip"), work);
        runTool(tools, null, "bash", certutil, "cert", "--pem", "--silent", "--name", "http",
                "--ca-cert", work.resolve("ca.crt").toString(), "--ca-key", work.resolve("ca.key").toString(),
                "--ip", "127.0.0.1", "--dns", "localhost", "--out", work.resolve("http.zip").toString());
        unzipFlat(work.resolve("http.zip"), work);
        Files.createDirectories(certs);
        // The CA's key is not kept: nothing signs with it again, and no process should be able to.
        for (String file : List.of("ca.crt", "http.key", "http.crt")) {
            Files.move(work.resolve(file), certs.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(certs.resolve("http.key"), PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> left = Files.list(work)) {
            for (Path file : left.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(work);
    }

    private static void unzipFlat(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) {
                    String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                    Files.copy(in, into.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The file-realm user Argus connects as, with its role. Its password goes to elasticsearch-users
     * on standard input, never on a command line.
     */
    private static Security ensureUser(ServiceLayout layout, Path esHome, Path config, Map<String, String> tools)
            throws IOException {
        boolean generated = !Files.exists(credentialsFile(layout));
        Security security = security(layout, true).orElseThrow();
        Files.writeString(config.resolve("roles.yml"), ROLES);
        Path users = config.resolve("users");
        boolean exists = Files.exists(users)
                && Files.readAllLines(users).stream().anyMatch(line -> line.startsWith(USER + ":"));
        if (!exists || generated) {
            String password = security.password().value() + "\n" + security.password().value() + "\n";
            String tool = esHome.resolve("bin/elasticsearch-users").toString();
            if (exists) {
                runTool(tools, password, "bash", tool, "passwd", USER);
            } else {
                runTool(tools, password, "bash", tool, "useradd", USER, "-r", USER);
            }
        }
        return security;
    }

    private static void runTool(Map<String, String> environment, String input, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command[1]).getFileName() + " " + command[2] + " failed: "
                        + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** `GET /` answers 405 in this distribution, so readiness is the cluster health. */
    private static boolean healthy(HttpClient http, URI url, Optional<String> authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            url.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3));
            authorization.ifPresent(value -> request.header("Authorization", value));
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
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
