package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.testing.KafkaEvents;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.TestImages;
import io.argus.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import software.amazon.awssdk.core.sync.RequestBody;

/** The detect flow against real Kafka, s3proxy and OpenCV: image events → metadata in S3, dead letters. */
class DetectFlowIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private RunningArgus argus;

    private void start(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("argus.detect.workers", "2"));
        settings.putAll(overrides);
        argus = runtime.start(dataDir, settings);
    }

    private String bucket() {
        return argus.config().s3().bucket();
    }

    private List<String> keys(String prefix) {
        return RuntimeUnderTest.objectKeys(argus, prefix);
    }

    private JsonNode json(String key) throws Exception {
        return JSON.readTree(argus.s3().getObjectAsBytes(r -> r.bucket(bucket()).key(key)).asByteArray());
    }

    private void publish(List<ProducerRecord<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, argus.endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get();
            }
        }
    }

    private ProducerRecord<String, String> imageEvent(String key) {
        return new ProducerRecord<>(argus.config().kafka().imageTopic(), key,
                "{\"image_path\":\"s3://" + bucket() + "/" + key + "\",\"upload_timestamp\":\"2026-11-25T10:00:00Z\"}");
    }

    private void putImage(String key, byte[] bytes) {
        argus.s3().putObject(r -> r.bucket(bucket()).key(key), RequestBody.fromBytes(bytes));
    }

    @Test
    void realPhotosDroppedInTheInboxGetMetadataThatMatchesTheContract() throws Exception {
        start(Map.of());
        Path inbox = argus.config().inbox().dir();
        Files.createDirectories(inbox.resolve("lab"));
        Files.copy(TestPhotos.get("astronaut.png"), inbox.resolve("lab/astronaut.png"));
        Files.copy(TestPhotos.get("coffee.png"), inbox.resolve("lab/coffee.png"));
        Files.copy(TestPhotos.get("basketball1.png"), inbox.resolve("lab/basketball1.png"));

        await().atMost(PATIENCE).until(() -> keys("metadata/").size() == 3);

        JsonNode astronaut = json("metadata/lab/astronaut.png.json");
        assertThat(astronaut.path("source_image_path").asText()).isEqualTo("s3://" + bucket() + "/images/lab/astronaut.png");
        assertThat(astronaut.path("source_kafka_offset").isIntegralNumber()).isTrue();
        assertThat(astronaut.path("source_kafka_partition").isInt()).isTrue();
        assertThat(astronaut.path("processing_timestamp").asText()).endsWith("Z");
        assertThat(astronaut.path("event_timestamp").asText()).endsWith("Z");
        assertThat(astronaut.path("image_width").asInt()).isEqualTo(512);
        assertThat(astronaut.path("image_height").asInt()).isEqualTo(512);
        assertThat(astronaut.path("model_used").asText()).startsWith("opencv-builtin:");
        assertThat(astronaut.path("detector").asText()).isEqualTo("opencv-builtin");
        assertThat(astronaut.path("confidence_threshold").asDouble()).isEqualTo(0.5);
        assertThat(astronaut.path("nms_threshold").asDouble()).isEqualTo(0.4);
        assertThat(astronaut.path("inference_ms").asDouble()).isPositive();
        JsonNode face = astronaut.path("detections").get(0);
        assertThat(face.path("label").asText()).isEqualTo("face");
        assertThat(face.path("class_id").isInt()).isTrue();
        int[] box = JSON.treeToValue(face.path("box"), int[].class);
        assertThat(new Box(box[0], box[1], box[2], box[3]).contains(224, 118)).as("the face box covers her nose").isTrue();

        JsonNode coffee = json("metadata/lab/coffee.png.json");
        assertThat(coffee.path("detections")).isEmpty();
        assertThat(coffee.has("annotated_image_path")).as("nothing to draw, no annotated copy").isFalse();
        assertThat(keys("annotated/lab/")).doesNotContain("annotated/lab/coffee.png.jpg");
        assertThat(json("metadata/lab/basketball1.png.json").path("detections").findValuesAsText("label"))
                .contains("person");

        byte[] annotated = argus.s3().getObjectAsBytes(r -> r.bucket(bucket()).key("annotated/lab/astronaut.png.jpg"))
                .asByteArray();
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(annotated), Imgcodecs.IMREAD_COLOR);
        assertThat(decoded.cols()).isEqualTo(512);
        assertThat(astronaut.path("annotated_image_path").asText())
                .isEqualTo("s3://" + bucket() + "/annotated/lab/astronaut.png.jpg");

        Map<String, JsonNode> events = KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(),
                        argus.config().kafka().detectionTopic(), 3, PATIENCE).stream()
                .collect(Collectors.toMap(KafkaEvents.Event::key, KafkaEvents.Event::value));
        assertThat(events.get("images/lab/astronaut.png").path("labels").path("face").asInt()).isEqualTo(1);
        assertThat(events.get("images/lab/coffee.png").path("labels").size()).isZero();
    }

    @Test
    void aVideoInTheInboxBecomesFramesWithIncreasingCaptureTimesAndPeopleInMostFrames() throws Exception {
        start(Map.of("argus.ingest.video-frame-interval", "10s"));
        Path street = argus.config().inbox().dir().resolve("street");
        Files.createDirectories(street);
        Files.copy(TestPhotos.get("vtest.avi"), street.resolve("vtest.avi"));

        // vtest.avi: 795 frames at 10 fps, so one frame every 10 s gives frames 0, 100, …, 700.
        List<String> frames = new ArrayList<>();
        for (int n = 0; n <= 700; n += 100) {
            frames.add(String.format("street/vtest.avi/frame_%06d.jpg", n));
        }
        await().atMost(PATIENCE).until(() -> keys("metadata/street/").size() == frames.size());
        assertThat(keys("images/street/")).containsExactlyElementsOf(frames.stream().map(f -> "images/" + f).toList());
        List<String> framesWithDetections = new ArrayList<>();
        for (String frame : frames) {
            if (!json("metadata/" + frame + ".json").path("detections").isEmpty()) {
                framesWithDetections.add(frame);
            }
        }
        assertThat(keys("annotated/street/")).as("frames with detections, JPEGs already: no second suffix")
                .containsExactlyElementsOf(framesWithDetections.stream().map(f -> "annotated/" + f).toList());

        List<KafkaEvents.Event> events = KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(),
                argus.config().kafka().imageTopic(), frames.size(), PATIENCE);
        List<java.time.Instant> captured = events.stream()
                .sorted(java.util.Comparator.comparing(KafkaEvents.Event::key))
                .map(event -> java.time.Instant.parse(event.value().path("capture_timestamp").asText())).toList();
        for (int i = 1; i < captured.size(); i++) {
            assertThat(Duration.between(captured.get(i - 1), captured.get(i))).isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(events).allSatisfy(event -> {
            assertThat(event.value().path("content_type").asText()).isEqualTo("image/jpeg");
            assertThat(event.value().path("image_width").asInt()).isEqualTo(768);
        });

        long framesWithPeople = 0;
        for (String frame : frames) {
            JsonNode metadata = json("metadata/" + frame + ".json");
            assertThat(metadata.path("image_height").asInt()).isEqualTo(576);
            if (metadata.path("detections").findValuesAsText("label").contains("person")) {
                framesWithPeople++;
            }
        }
        assertThat(framesWithPeople).as("frames of a street full of pedestrians with a person").isGreaterThan(frames.size() / 2);
        assertThat(argus.config().inbox().doneDir().resolve("street/vtest.avi")).exists();
    }

    @Test
    void processingTheSameEventTwiceLeavesOneMetadataObject() throws Exception {
        start(Map.of());
        putImage("images/twice/frame.jpg", TestImages.jpeg(1, 320, 240));

        publish(List.of(imageEvent("images/twice/frame.jpg"), imageEvent("images/twice/frame.jpg")));

        assertThat(KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(), argus.config().kafka().detectionTopic(),
                2, PATIENCE)).hasSize(2);
        assertThat(keys("metadata/")).containsExactly("metadata/twice/frame.jpg.json");
    }

    @Test
    void fivePoisonMessagesAmongAHundredAreDeadLetteredAndTheRestFlow() throws Exception {
        start(Map.of("argus.detect.max-image-pixels", "1000000"));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 95; i++) {
            String key = String.format("images/load/frame_%03d.jpg", i);
            putImage(key, TestImages.jpeg(i, 96, 64));
            records.add(imageEvent(key));
        }
        putImage("images/bad/garbage.jpg", "not an image at all".getBytes());
        putImage("images/bad/truncated.jpg", java.util.Arrays.copyOf(TestImages.jpeg(1, 64, 64), 40));
        putImage("images/bad/huge.png", TestImages.png(2, 1200, 1000));
        records.add(25, imageEvent("images/bad/garbage.jpg"));
        records.add(50, imageEvent("images/bad/truncated.jpg"));
        records.add(60, imageEvent("images/bad/huge.png"));
        records.add(70, imageEvent("images/bad/never-uploaded.jpg"));
        records.add(80, new ProducerRecord<>(argus.config().kafka().imageTopic(), "junk", "{not json"));

        publish(records);

        await().atMost(PATIENCE).until(() -> keys("metadata/").size() == 95);
        List<KafkaEvents.Event> deadLetters = KafkaEvents.read(argus.endpoints().kafkaBootstrapServers(),
                argus.config().kafka().deadLetterTopic(), 5, PATIENCE);
        assertThat(deadLetters).hasSize(5);
        assertThat(deadLetters).extracting(letter -> letter.value().path("reason").asText())
                .anySatisfy(reason -> assertThat(reason).startsWith("undecodable image"))
                .anySatisfy(reason -> assertThat(reason).contains("over argus.detect.max-image-pixels"))
                .anySatisfy(reason -> assertThat(reason).startsWith("the image object is missing"))
                .anySatisfy(reason -> assertThat(reason).startsWith("malformed image event: not JSON"));
        assertThat(deadLetters).allSatisfy(letter -> {
            assertThat(letter.value().path("flow").asText()).isEqualTo("detect");
            assertThat(letter.value().path("original").asText()).isNotEmpty();
            assertThat(letter.value().path("source").asText()).startsWith("kafka:" + argus.config().kafka().imageTopic() + "/");
            assertThat(letter.value().path("attempt").asInt()).isEqualTo(1);
        });
        assertThat(keys("errors/detect/")).hasSize(5);
        assertThat(keys("metadata/")).noneMatch(key -> key.startsWith("metadata/bad/"));
    }
}
