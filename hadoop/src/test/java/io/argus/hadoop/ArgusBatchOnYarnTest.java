package io.argus.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.junit.jupiter.api.Test;

/**
 * Argus's own path to a cluster: `argus run` (the packed distribution, with its local Kafka, S3 and
 * Elasticsearch) given a real local YARN cluster's client configuration in
 * {@code argus.batch.hadoop-conf-dir}. Images go through its flows; a batch run asked for over
 * HTTP submits the job jar to YARN, whose containers read the metadata over S3A from Argus's S3,
 * and the counts it indexes are exactly the detections. The S3 keys reach the containers in the
 * job's credentials: no file the cluster or Argus writes besides their own stores holds the secret.
 */
class ArgusBatchOnYarnTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final String TOKEN = "argus-on-yarn-test-token";
    private static final List<String> PHOTOS = List.of("astronaut.png", "messi5.jpg", "basketball1.png",
            "person.jpg", "horses.jpg", "chelsea.png");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBatchRunOfArgusRunsOnYarnAndReadsTheMetadataOverS3a() throws Exception {
        Path home = Path.of(System.getProperty("argus.home"));
        assertThat(home.resolve("lib/argus.jar")).as("the root build packs Argus before this test").isRegularFile();
        Path dataDir = Files.createTempDirectory("argus-on-yarn",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        MiniMRYarnCluster yarn = LocalYarn.start("argus-batch-on-yarn");
        Process argus = null;
        try {
            Path confDir = Files.createDirectories(dataDir.resolve("hadoop-conf"));
            writeClientConfiguration(yarn, confDir);
            int port = freePort();
            argus = start(home, dataDir, confDir, port);
            String base = "http://127.0.0.1:" + port;

            Path inbox = Files.createDirectories(dataDir.resolve("inbox/lab"));
            for (String photo : PHOTOS) {
                Files.copy(testData().resolve(photo), inbox.resolve(photo));
            }
            await(() -> get(base + "/api/stats").at("/flows/index-detections/completed").asLong() == PHOTOS.size());
            // What the images' detections say, once searchable, and what the live counts say before any batch run.
            await(() -> !detected(base).isEmpty() && detected(base).equals(labelCounts(base)));
            Map<String, Long> truth = detected(base);

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/batch/runs"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode run = JSON.readTree(response.body());
            assertThat(run.path("status").asText()).as(response.body()).isEqualTo("SUCCEEDED");
            assertThat(run.path("objects_read").asLong()).as(response.body()).isEqualTo(PHOTOS.size());
            assertThat(run.path("index_verified").asBoolean()).as(response.body()).isTrue();

            Collection<RMApp> apps = yarn.getResourceManager().getRMContext().getRMApps().values();
            assertThat(apps).as("the count job ran on YARN").isNotEmpty();
            assertThat(apps).allSatisfy(app -> {
                assertThat(app.getName()).startsWith("argus detection counts");
                assertThat(app.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
            });

            assertThat(get(base + "/api/label_counts").path("confirmed_until").isNull())
                    .as("the batch run confirmed the counts").isFalse();
            assertThat(labelCounts(base)).isEqualTo(truth);

            // The job's configuration stays on disk (the history server keeps it); the keys are not in it.
            // They went in the application's credentials, which YARN keeps in files of the application
            // (private to its user) and deletes with it: once it is cleaned up, nothing the cluster or
            // Argus wrote holds the secret, their own stores of the keys aside.
            Path cluster = yarn.getTestWorkDir().toPath();
            assertThat(filesContaining(cluster, "fs.s3a.endpoint")).as("the job's configuration, kept").isNotEmpty();
            String secret = localS3Secret(dataDir);
            List<Path> folders = List.of(cluster, dataDir.resolve("logs"), dataDir.resolve("hadoop"), confDir,
                    dataDir.resolve("argus.out"));
            await(() -> {
                List<Path> leaks = new ArrayList<>();
                for (Path folder : folders) {
                    leaks.addAll(filesContaining(folder, secret));
                }
                assertThat(leaks).as("files holding the S3 secret key").allSatisfy(file -> assertThat(file.toString())
                        .as("only the application's credentials, until YARN deletes them").endsWith("tokens"));
                return leaks.isEmpty();
            });
        } finally {
            if (argus != null) {
                argus.destroy();
                argus.waitFor();
            }
            yarn.stop();
        }
    }

    /**
     * The cluster's client configuration, as its admins would hand it out: where the ResourceManager
     * is, and the classpath of the cluster's own MapReduce and S3A installation for the containers
     * (here the minicluster's, which its containers otherwise take from the submitting JVM).
     */
    private static void writeClientConfiguration(MiniMRYarnCluster yarn, Path confDir) throws IOException {
        Configuration client = new Configuration(yarn.getConfig());
        client.setBoolean("yarn.is.minicluster", false);
        client.set("mapreduce.application.classpath", System.getProperty("java.class.path"));
        client.set("yarn.application.classpath", "");
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            client.writeXml(out);
        }
    }

    /** `argus run` from the distribution, as ./argus starts it, with the cluster's configuration. */
    private static Process start(Path home, Path dataDir, Path confDir, int port) throws Exception {
        Path out = dataDir.resolve("argus.out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dargus.home=" + home, "-Dargus.data-dir=" + dataDir,
                "-Dargus.local.kafka.port=0", "-Dargus.local.s3.port=0", "-Dargus.local.elasticsearch.port=0",
                "-Dargus.api.port=" + port, "-Dargus.monitor.port=" + freePort(),
                "-Dargus.batch.scheduled=false", "-Dargus.batch.hadoop-conf-dir=" + confDir,
                "-Dargus.detect.detector=opencv-builtin", "-Dargus.api.cache-ttl=0",
                "-Dargus.inbox.poll-interval=200ms", "-Dargus.inbox.stable-for=500ms",
                "-cp", home.resolve("lib") + "/*:" + home.resolve("local") + "/*", "io.argus.cli.Argus", "run");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("ARGUS_API_TOKEN", TOKEN);
        Process process = builder.start();
        await(() -> {
            assertThat(process.isAlive()).as("argus run exited; see " + out).isTrue();
            return Files.readString(out).contains("Argus is running.");
        });
        return process;
    }

    /** Where ./argus test put the test photos. */
    private static Path testData() {
        String folder = System.getenv("ARGUS_TEST_DATA");
        return folder != null ? Path.of(folder) : Path.of(System.getProperty("user.home"), ".cache/argus/test-data");
    }

    /** The secret key Argus generated for its local S3. */
    private static String localS3Secret(Path dataDir) throws IOException {
        Properties credentials = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("services/s3/credentials.properties"))) {
            credentials.load(in);
        }
        String secret = credentials.getProperty("secret-key");
        assertThat(secret).hasSizeGreaterThan(16);
        return secret;
    }

    /** The files under the folder holding the text; files and folders YARN deletes meanwhile are passed over. */
    private static List<Path> filesContaining(Path folder, String text) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && contains(file, needle)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] content = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= content.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (content[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Detections per label of the images the API lists. */
    private Map<String, Long> detected(String base) throws Exception {
        Map<String, Long> labels = new TreeMap<>();
        get(base + "/api/detections?limit=100").path("detections").forEach(image -> image.path("labels")
                .fields().forEachRemaining(label -> labels.merge(label.getKey(), label.getValue().asLong(),
                        Long::sum)));
        return labels;
    }

    private Map<String, Long> labelCounts(String base) throws Exception {
        JsonNode counts = get(base + "/api/label_counts");
        Map<String, Long> labels = new TreeMap<>();
        for (int i = 0; i < counts.path("labels").size(); i++) {
            labels.put(counts.path("labels").get(i).asText(), counts.path("counts").get(i).asLong());
        }
        return labels;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.call()) {
            assertThat(Instant.now()).as("waited " + PATIENCE).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
