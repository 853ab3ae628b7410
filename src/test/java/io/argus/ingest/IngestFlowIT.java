package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.bench.RunningArgus;
import io.argus.testing.KafkaEvents;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The ingest flow against real Kafka and S3: inbox → S3 images/… → Kafka image events; symbolic
 * links in the inbox lead nowhere outside it.
 */
class IngestFlowIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    /** A folder outside the inbox, for what links point to. */
    @TempDir
    Path elsewhere;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private RunningArgus argus;

    private RunningArgus start(Map<String, String> overrides) {
        argus = runtime.start(dataDir, overrides);
        return argus;
    }

    private Path inbox() {
        return argus.config().inbox().dir();
    }

    /** Ten images in each of two camera folders; frame_000001.jpg exists in both. */
    private Map<String, byte[]> dropTwentyImages() {
        Map<String, byte[]> dropped = new HashMap<>();
        for (int i = 1; i <= 10; i++) {
            for (String camera : List.of("cam-north", "cam-south")) {
                String name = camera + "/frame_" + String.format("%06d", i) + ".jpg";
                byte[] jpeg = i == 1 && camera.equals("cam-north")
                        ? TestImages.jpegWithExif(7, "2024:05:01 12:34:56", "+02:00")
                        : TestImages.jpeg(camera.hashCode() + i, 64 + i, 48);
                dropped.put(name, jpeg);
                TestImages.write(inbox().resolve(name), jpeg);
            }
        }
        return dropped;
    }

    private List<S3Object> objects(String prefix) {
        return RuntimeUnderTest.objects(argus, prefix);
    }

    private List<KafkaEvents.Event> events(int expected, Duration window) {
        return KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(), argus.config().kafka().imageTopic(),
                expected, window);
    }

    private byte[] content(String key) {
        return argus.s3().getObjectAsBytes(r -> r.bucket(argus.config().s3().bucket()).key(key)).asByteArray();
    }

    private Path rejected(String path) {
        return argus.config().inbox().rejectedDir().resolve(path);
    }

    /** Waits until the file at {@code path} is in rejected/ with its reason and its dead letter is in S3; the reason. */
    private String rejectedWithItsDeadLetter(String path) throws IOException {
        String deadLetter = "errors/ingest/inbox/" + path + ".json";
        await().atMost(PATIENCE).until(() -> Files.exists(rejected(path + ".reason"))
                && objects("errors/ingest/").stream().anyMatch(object -> object.key().equals(deadLetter)));
        return Files.readString(rejected(path + ".reason"));
    }

    private long filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return -1; // a file moved while the folder was walked: not settled yet, ask again
            }
            throw e;
        }
    }

    @Test
    void twentyImagesInTwoFoldersBecomeTwentyObjectsAndTwentyEvents() {
        start(Map.of());
        Map<String, byte[]> dropped = dropTwentyImages();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(objects("images/")).extracting(S3Object::key)
                .containsExactlyInAnyOrderElementsOf(dropped.keySet().stream().map(name -> "images/" + name).toList()));

        List<KafkaEvents.Event> events = events(20, PATIENCE);
        assertThat(events).hasSize(20);
        Map<String, JsonNode> byKey = events.stream()
                .collect(Collectors.toMap(KafkaEvents.Event::key, KafkaEvents.Event::value));
        String bucket = argus.config().s3().bucket();
        dropped.forEach((name, bytes) -> {
            String key = "images/" + name;
            JsonNode event = byKey.get(key);
            assertThat(event).as("event keyed by %s", key).isNotNull();
            assertThat(event.path("image_path").asText()).isEqualTo("s3://" + bucket + "/" + key);
            assertThat(OffsetDateTime.parse(event.path("upload_timestamp").asText()).getOffset().getTotalSeconds())
                    .isZero();
            assertThat(Instant.parse(event.path("upload_timestamp").asText()))
                    .isBetween(Instant.now().minus(PATIENCE), Instant.now());
            assertThat(event.path("s3_bucket").asText()).isEqualTo(bucket);
            assertThat(event.path("s3_key").asText()).isEqualTo(key);
            assertThat(event.path("source_path").asText()).isEqualTo(name);
            assertThat(event.path("content_type").asText()).isEqualTo("image/jpeg");
            assertThat(event.path("size_bytes").asLong()).isEqualTo(bytes.length);
            assertThat(event.path("sha256").asText()).isEqualTo(TestImages.sha256(bytes));
            assertThat(event.path("image_height").asInt()).isEqualTo(48);
            assertThat(event.path("schema_version").asInt()).isEqualTo(1);
            HeadObjectResponse stored = argus.s3().headObject(r -> r.bucket(bucket).key(key));
            assertThat(stored.contentLength()).isEqualTo(bytes.length);
            assertThat(stored.contentType()).isEqualTo("image/jpeg");
        });
        JsonNode withExif = byKey.get("images/cam-north/frame_000001.jpg");
        assertThat(withExif.path("capture_timestamp").asText()).isEqualTo("2024-05-01T10:34:56Z");
        assertThat(withExif.path("capture_time_source").asText()).isEqualTo("exif");
        assertThat(byKey.get("images/cam-south/frame_000001.jpg").path("capture_time_source").asText())
                .isEqualTo("file-modified");
        assertThat(byKey.get("images/cam-south/frame_000005.jpg").path("image_width").asInt()).isEqualTo(69);
    }

    @Test
    void droppingTheSameFilesAgainCreatesNoNewObjectAndNoNewEvent() throws IOException {
        start(Map.of());
        Map<String, byte[]> dropped = dropTwentyImages();
        await().atMost(PATIENCE).until(() -> filesUnder(argus.config().inbox().doneDir()) == 20);
        Map<String, Instant> firstUpload = objects("images/").stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::lastModified));
        assertThat(events(20, PATIENCE)).hasSize(20);

        dropped.forEach((name, bytes) -> TestImages.write(inbox().resolve(name), bytes));
        await().atMost(PATIENCE).until(() -> filesUnder(inbox()) == 0);

        assertThat(objects("images/").stream().collect(Collectors.toMap(S3Object::key, S3Object::lastModified)))
                .isEqualTo(firstUpload);
        assertThat(events(Integer.MAX_VALUE, Duration.ofSeconds(5))).hasSize(20);
    }

    @Test
    void changedContentUnderTheSameNameIsUploadedAndPublishedAgain() {
        start(Map.of());
        TestImages.write(inbox().resolve("door/frame_000001.jpg"), TestImages.jpeg(1, 64, 48));
        assertThat(events(1, PATIENCE)).hasSize(1);
        byte[] newer = TestImages.jpeg(2, 64, 48);
        await().atMost(PATIENCE).until(() -> !Files.exists(inbox().resolve("door/frame_000001.jpg")));

        TestImages.write(inbox().resolve("door/frame_000001.jpg"), newer);

        List<KafkaEvents.Event> events = events(2, PATIENCE);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).value().path("sha256").asText()).isEqualTo(TestImages.sha256(newer));
    }

    @Test
    void unreadableFilesAreRejectedWithAReasonWhileGoodFilesAroundThemFlow() throws IOException {
        start(Map.of());
        TestImages.write(inbox().resolve("good-1.jpg"), TestImages.jpeg(1, 32, 32));
        TestImages.write(inbox().resolve("notes.jpg"), "this is a text file\n".getBytes());
        TestImages.write(inbox().resolve("empty.jpg"), new byte[0]);
        TestImages.write(inbox().resolve("broken/truncated.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF,
                (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'});
        TestImages.write(inbox().resolve("good-2.png"), TestImages.png(2, 32, 32));

        Path rejected = argus.config().inbox().rejectedDir();
        await().atMost(PATIENCE).until(() -> filesUnder(rejected) == 6 && objects("images/").size() == 2);

        assertThat(Files.readString(rejected.resolve("notes.jpg.reason"))).contains("not a supported image");
        assertThat(Files.readString(rejected.resolve("empty.jpg.reason"))).contains("empty file");
        assertThat(Files.readString(rejected.resolve("broken/truncated.jpg.reason")))
                .contains("truncated or corrupt JPEG");
        assertThat(rejected.resolve("broken/truncated.jpg")).exists();
        assertThat(objects("images/")).extracting(S3Object::key)
                .containsExactlyInAnyOrder("images/good-1.jpg", "images/good-2.png");
        assertThat(events(2, PATIENCE)).extracting(KafkaEvents.Event::key)
                .containsExactlyInAnyOrder("images/good-1.jpg", "images/good-2.png");
    }

    @Test
    void aFileStillBeingWrittenIsNotTakenUntilItIsComplete() throws Exception {
        start(Map.of("argus.inbox.stable-for", "1s"));
        byte[] image = TestImages.jpeg(3, 400, 300);
        Path file = inbox().resolve("slow/upload.jpg");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            int chunk = image.length / 10;
            for (int written = 0; written < image.length; written += chunk) {
                out.write(image, written, Math.min(chunk, image.length - written));
                out.flush();
                Thread.sleep(400);
                assertThat(objects("images/")).as("nothing uploaded while the file grows").isEmpty();
                assertThat(file).as("the file stays in the inbox while it grows").exists();
            }
        }

        List<KafkaEvents.Event> events = events(1, PATIENCE);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().path("sha256").asText()).isEqualTo(TestImages.sha256(image));
        assertThat(events.get(0).value().path("size_bytes").asLong()).isEqualTo(image.length);
        assertThat(filesUnder(argus.config().inbox().rejectedDir())).isZero();
    }

    @Test
    void contentDecidesTheTypeNotTheExtension() {
        start(Map.of());
        TestImages.write(inbox().resolve("really-a-png.jpg"), TestImages.png(4, 20, 10));
        TestImages.write(inbox().resolve("a.bmp"), TestImages.bmp(5, 20, 10));
        TestImages.write(inbox().resolve("a.tif"), TestImages.tiff(6, 20, 10));
        TestImages.write(inbox().resolve("a.webp"), TestImages.webp());

        Map<String, JsonNode> byKey = events(4, PATIENCE).stream()
                .collect(Collectors.toMap(KafkaEvents.Event::key, KafkaEvents.Event::value));
        Function<String, String> type = key -> byKey.get(key).path("content_type").asText();
        assertThat(type.apply("images/really-a-png.jpg")).isEqualTo("image/png");
        assertThat(type.apply("images/a.bmp")).isEqualTo("image/bmp");
        assertThat(type.apply("images/a.tif")).isEqualTo("image/tiff");
        assertThat(type.apply("images/a.webp")).isEqualTo("image/webp");
        assertThat(byKey.get("images/a.tif").path("image_width").asInt()).isEqualTo(20);
    }

    @Test
    void inDeleteModeIngestedFilesAreDeletedAndRejectedOnesStillKept() throws IOException {
        start(Map.of("argus.inbox.after-ingest", "delete"));
        TestImages.write(inbox().resolve("keep-me-not.jpg"), TestImages.jpeg(8, 32, 32));
        TestImages.write(inbox().resolve("garbage.png"), "nope".getBytes());

        assertThat(events(1, PATIENCE)).hasSize(1);
        await().atMost(PATIENCE).until(() -> filesUnder(inbox()) == 0);
        assertThat(filesUnder(argus.config().inbox().doneDir())).isZero();
        assertThat(argus.config().inbox().rejectedDir().resolve("garbage.png")).exists();
    }

    @Test
    void aLinkToAFileOutsideTheInboxIsRejectedUnreadAndItsTargetIsLeftAlone() throws IOException {
        start(Map.of());
        byte[] outside = TestImages.jpeg(11, 64, 48);
        Path target = TestImages.write(elsewhere.resolve("private.jpg"), outside);
        Files.createSymbolicLink(Files.createDirectories(inbox().resolve("cam")).resolve("linked.jpg"), target);
        TestImages.write(inbox().resolve("cam/good.jpg"), TestImages.jpeg(12, 32, 32));

        String reason = rejectedWithItsDeadLetter("cam/linked.jpg");

        assertThat(rejected("cam/linked.jpg")).isSymbolicLink();
        assertThat(reason).startsWith("cam/linked.jpg is a symbolic link (to " + target + ")")
                .contains("argus.inbox.follow-links=true");
        assertThat(target).hasBinaryContent(outside);
        assertThat(events(1, PATIENCE)).extracting(KafkaEvents.Event::key).containsExactly("images/cam/good.jpg");
        assertThat(objects("images/")).extracting(S3Object::key).containsExactly("images/cam/good.jpg");
    }

    @Test
    void aLinkToAFolderOfPhotosIsRejectedAndThePhotosStayInTheirFolderUnread() throws IOException {
        start(Map.of());
        Path holiday = Files.createDirectories(elsewhere.resolve("holiday"));
        byte[] beach = TestImages.jpeg(13, 64, 48);
        byte[] hills = TestImages.png(14, 64, 48);
        TestImages.write(holiday.resolve("beach.jpg"), beach);
        TestImages.write(holiday.resolve("hills/view.png"), hills);
        Files.createSymbolicLink(Files.createDirectories(inbox().resolve("trips")).resolve("holiday"), holiday);
        TestImages.write(inbox().resolve("trips/good.jpg"), TestImages.jpeg(15, 32, 32));

        String reason = rejectedWithItsDeadLetter("trips/holiday");

        assertThat(rejected("trips/holiday")).isSymbolicLink();
        assertThat(reason).startsWith("trips/holiday is a symbolic link to a folder (" + holiday + ")")
                .contains("never followed");
        assertThat(holiday.resolve("beach.jpg")).hasBinaryContent(beach);
        assertThat(holiday.resolve("hills/view.png")).hasBinaryContent(hills);
        assertThat(events(1, PATIENCE)).extracting(KafkaEvents.Event::key).containsExactly("images/trips/good.jpg");
        assertThat(objects("images/")).extracting(S3Object::key).containsExactly("images/trips/good.jpg");
    }

    @Test
    void aLinkToAFileArgusMustNotReadIsRejectedAsALinkAndItsContentReachesNoObject() throws IOException {
        Path shadow = Path.of("/etc/shadow");
        String firstLine = Files.readAllLines(shadow).get(0);
        start(Map.of());

        Files.createSymbolicLink(inbox().resolve("passwords.jpg"), shadow);

        String reason = rejectedWithItsDeadLetter("passwords.jpg");

        assertThat(reason).startsWith("passwords.jpg is a symbolic link (to /etc/shadow)")
                .doesNotContain("not a supported image");
        assertThat(objects("")).isNotEmpty().allSatisfy(object -> assertThat(
                new String(content(object.key()), StandardCharsets.UTF_8)).as(object.key()).doesNotContain(firstLine));
    }

    @Test
    void aFileSwappedForALinkWhileItWaitsToHoldStillIsRejectedAndWhatTheLinkPointsToIsNotUploaded()
            throws Exception {
        start(Map.of("argus.inbox.stable-for", "5s", "argus.inbox.poll-interval", "100ms"));
        byte[] outside = TestImages.jpeg(16, 64, 48);
        Path target = TestImages.write(elsewhere.resolve("other.jpg"), outside);
        Path file = TestImages.write(inbox().resolve("door/snap.jpg"), TestImages.jpeg(17, 64, 48));
        // By now listed (the poll runs every 100 ms) and waiting out its 5 s, when the link, made beside the
        // inbox, is renamed over it in one step; were it not listed yet, the link would be, and refused alike.
        Thread.sleep(1000);
        Path link = Files.createSymbolicLink(dataDir.resolve("swap.jpg"), target);
        Files.move(link, file, StandardCopyOption.ATOMIC_MOVE);

        String reason = rejectedWithItsDeadLetter("door/snap.jpg");

        assertThat(rejected("door/snap.jpg")).isSymbolicLink();
        assertThat(reason).startsWith("door/snap.jpg").contains("symbolic link");
        assertThat(objects("images/")).isEmpty();
        assertThat(objects("")).allSatisfy(object -> assertThat(TestImages.sha256(content(object.key())))
                .as(object.key()).isNotEqualTo(TestImages.sha256(outside)));
        assertThat(events(Integer.MAX_VALUE, Duration.ofSeconds(3))).isEmpty();
        assertThat(target).hasBinaryContent(outside);
    }

    @Test
    void withFollowLinksALinkToAFileIsUploadedFromItsTargetWhichStaysAndTheLinkAloneGoesToDone()
            throws IOException {
        start(Map.of("argus.inbox.follow-links", "true"));
        byte[] shared = TestImages.jpeg(18, 64, 48);
        Path target = TestImages.write(elsewhere.resolve("shared.jpg"), shared);
        Files.createSymbolicLink(Files.createDirectories(inbox().resolve("cam")).resolve("shared.jpg"), target);

        List<KafkaEvents.Event> events = events(1, PATIENCE);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value().path("source_path").asText()).isEqualTo("cam/shared.jpg");
        assertThat(events.get(0).value().path("sha256").asText()).isEqualTo(TestImages.sha256(shared));
        assertThat(content("images/cam/shared.jpg")).isEqualTo(shared);
        Path done = argus.config().inbox().doneDir().resolve("cam/shared.jpg");
        await().atMost(PATIENCE).until(() -> Files.isSymbolicLink(done));
        assertThat(Files.readSymbolicLink(done)).isEqualTo(target);
        assertThat(target).hasBinaryContent(shared);
        assertThat(filesUnder(argus.config().inbox().rejectedDir())).isZero();
    }
}
