package io.argus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing models from a local HTTP server (no test reaches the internet): an npm-style .tgz and
 * a plain file, checksums pinned; wrong, truncated and failed downloads leave nothing behind.
 */
class ModelStoreTest {
    private static final byte[] GRAPH = "{\"format\": \"graph-model\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WEIGHTS = new byte[100_000];
    private static final byte[] CFG = "[net]\nwidth=416\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private byte[] archive;

    @BeforeEach
    void serve() throws IOException {
        new java.util.Random(3).nextBytes(WEIGHTS);
        archive = tgz(Map.of("package/models/m.json", GRAPH, "package/models/m.bin", WEIGHTS,
                "package/README.md", "other files stay out".getBytes(StandardCharsets.UTF_8)));
        served.put("/pkg/-/pkg-1.0.0.tgz", archive);
        served.put("/cfg/tiny.cfg", CFG);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private KnownModel model(String archiveSha256, long archiveSize) {
        return new KnownModel("tiny", "centernet", "a test model", "MIT",
                List.of(KnownModel.Source.archive(url("/pkg/-/pkg-1.0.0.tgz"), archiveSha256, archiveSize,
                                Map.of("package/models/m.json", "m.json", "package/models/m.bin", "m.bin")),
                        KnownModel.Source.file(url("/cfg/tiny.cfg"), sha256(CFG), CFG.length, "tiny.cfg")),
                List.of(new KnownModel.ModelFile("m.json", sha256(GRAPH)),
                        new KnownModel.ModelFile("m.bin", sha256(WEIGHTS)),
                        new KnownModel.ModelFile("tiny.cfg", sha256(CFG))),
                List.of("person", "bicycle"));
    }

    private KnownModel model() {
        return model(sha256(archive), archive.length);
    }

    @Test
    void aModelIsFetchedCheckedAndInstalledWithItsClassNames() throws Exception {
        ModelStore store = new ModelStore(root);
        assertThat(store.status(model())).isInstanceOf(ModelStore.Status.Missing.class);

        Path dir = store.install(model(), Optional.empty());

        assertThat(dir).isEqualTo(root.resolve("tiny"));
        assertThat(Files.readAllBytes(dir.resolve("m.bin"))).isEqualTo(WEIGHTS);
        assertThat(Files.readAllBytes(dir.resolve("m.json"))).isEqualTo(GRAPH);
        assertThat(Files.readAllBytes(dir.resolve("tiny.cfg"))).isEqualTo(CFG);
        assertThat(Files.readAllLines(dir.resolve(KnownModel.NAMES_FILE))).containsExactly("person", "bicycle");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("m.json", "m.bin", "tiny.cfg", KnownModel.NAMES_FILE);
        }
        assertThat(store.status(model())).isEqualTo(new ModelStore.Status.Installed(dir));
    }

    @Test
    void aDownloadWithAnotherChecksumInstallsNothing() {
        String pinned = "0".repeat(64);
        assertThatThrownBy(() -> new ModelStore(root).install(model(pinned, archive.length), Optional.empty()))
                .isInstanceOf(ModelInstallException.class)
                .hasMessageContaining("has SHA-256 " + sha256(archive) + ", not the pinned " + pinned)
                .hasMessageContaining("Nothing was installed");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aTruncatedDownloadInstallsNothingAndSaysSo() {
        served.put("/pkg/-/pkg-1.0.0.tgz", java.util.Arrays.copyOf(archive, archive.length - 1000));
        assertThatThrownBy(() -> new ModelStore(root).install(model(), Optional.empty()))
                .hasMessageContaining("(truncated)").hasMessageContaining("Nothing was installed");
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void aFailedDownloadNamesTheUrlAndHowToInstallByHand() {
        served.remove("/cfg/tiny.cfg");
        assertThatThrownBy(() -> new ModelStore(root).install(model(), Optional.empty()))
                .hasMessageContaining("could not download " + url("/cfg/tiny.cfg") + " (HTTP 404)")
                .hasMessageContaining("argus models pull tiny --from <folder>")
                .hasMessageContaining(url("/pkg/-/pkg-1.0.0.tgz"));
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void downloadsFetchedByHandInstallFromAFolder(@TempDir Path downloads) throws Exception {
        Files.write(downloads.resolve("pkg-1.0.0.tgz"), archive);
        Files.write(downloads.resolve("tiny.cfg"), CFG);
        server.stop(0);

        Path dir = new ModelStore(root).install(model(), Optional.of(downloads));

        assertThat(Files.readAllBytes(dir.resolve("m.bin"))).isEqualTo(WEIGHTS);
    }

    @Test
    void aChangedFileMakesTheModelDamagedAndAnotherPullRepairsIt() throws Exception {
        ModelStore store = new ModelStore(root);
        Path dir = store.install(model(), Optional.empty());
        Files.write(dir.resolve("m.bin"), new byte[] {1, 2, 3});

        assertThat(store.status(model())).isInstanceOfSatisfying(ModelStore.Status.Damaged.class,
                damaged -> assertThat(damaged.reason()).startsWith("m.bin has SHA-256 "));
        store.install(model(), Optional.empty());
        assertThat(store.status(model())).isInstanceOf(ModelStore.Status.Installed.class);
    }

    private static byte[] tgz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
                header.setSize(entry.getValue().length);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
