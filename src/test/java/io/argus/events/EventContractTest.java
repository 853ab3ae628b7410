package io.argus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.errors.PoisonMessageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The messages' JSON as the contract (DESIGN.md) spells it: the original pipeline's fields under their
 * names, a schema version in each, fields a newer producer adds ignored, and a message that is not one
 * refused with the reason. A plain mapper reads them, one that fails on unknown fields by default.
 */
class EventContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DetectionMetadata.Item PERSON = new DetectionMetadata.Item("person", 0, 0.91,
            new int[] {1, 2, 3, 4});

    @Test
    void theImageEventHasTheOriginalFieldsAndArgusesUnderTheirNames() throws Exception {
        ImageEvent event = new ImageEvent(ImageEvent.SCHEMA_VERSION, "s3://argus/images/lab/a.jpg",
                "2026-03-28T10:15:00Z", "argus", "images/lab/a.jpg", "lab/a.jpg", "2026-03-28T10:14:00Z", "exif", 1234,
                "image/jpeg", "ab12", 640, 480);
        assertThat(fieldNames(JSON.valueToTree(event))).containsExactly("schema_version", "image_path",
                "upload_timestamp", "s3_bucket", "s3_key", "source_path", "capture_timestamp", "capture_time_source",
                "size_bytes", "content_type", "sha256", "image_width", "image_height");
        assertThat(JSON.valueToTree(event).path("schema_version").asInt()).isEqualTo(1);
    }

    @Test
    void anOriginalPipelinesImageEventWithFieldsUnknownHereBinds() throws Exception {
        ImageEvent event = JSON.readValue("""
                {"image_path": "s3://argus/images/frame_000001.jpg", "upload_timestamp": "2026-03-28T10:15:00+00:00",
                 "camera": {"id": 7}, "added_in_a_later_version": [1, 2]}""", ImageEvent.class);
        assertThat(event.imagePath()).isEqualTo("s3://argus/images/frame_000001.jpg");
        assertThat(event.uploadTimestamp()).isEqualTo("2026-03-28T10:15:00+00:00");
        assertThat(event.schemaVersion()).as("before Argus numbered its events").isZero();
        assertThat(event.captureTimestamp()).isNull();
    }

    @Test
    void theMetadataHasTheOriginalFieldsAndArgusesUnderTheirNames() {
        DetectionMetadata metadata = new DetectionMetadata(DetectionMetadata.SCHEMA_VERSION,
                "s3://argus/images/lab/a.jpg", 41, 2, "2026-03-28T10:16:00Z", "2026-03-28T10:15:00Z", 640, 480,
                "centernet:abc", "centernet", "argus-0.1.0/tensorflow", 0.5, 0.4, 12.5,
                "s3://argus/annotated/lab/a.jpg.jpg", List.of(PERSON));
        JsonNode json = JSON.valueToTree(metadata);
        assertThat(fieldNames(json)).containsExactly("schema_version", "source_image_path", "source_kafka_offset",
                "source_kafka_partition", "processing_timestamp", "event_timestamp", "image_width", "image_height",
                "model_used", "detector", "detector_version", "confidence_threshold", "nms_threshold", "inference_ms",
                "annotated_image_path", "detections");
        assertThat(fieldNames(json.path("detections").get(0))).containsExactly("label", "class_id", "confidence",
                "box");
        assertThat(json.path("detections").get(0).path("box").toString()).isEqualTo("[1,2,3,4]");
    }

    @Test
    void metadataWithoutAnAnnotatedCopyHasNoSuchField() {
        DetectionMetadata metadata = new DetectionMetadata(DetectionMetadata.SCHEMA_VERSION,
                "s3://argus/images/lab/a.jpg", 41, 2, "2026-03-28T10:16:00Z", "2026-03-28T10:15:00Z", 640, 480,
                "centernet:abc", "centernet", "argus-0.1.0/tensorflow", 0.5, 0.4, 12.5, null, List.of());
        assertThat(JSON.valueToTree(metadata).has("annotated_image_path")).isFalse();
    }

    @Test
    void theDetectionEventReadsBackAsWrittenAndIgnoresWhatItDoesNotKnow() throws Exception {
        DetectionEvent event = new DetectionEvent(DetectionEvent.SCHEMA_VERSION, "images/lab/a.jpg",
                "2026-03-28T10:15:00Z", "2026-03-28T10:16:00Z", "s3://argus/metadata/lab/a.jpg.json", null, 640, 480,
                Map.of("person", 1), List.of(PERSON));
        ObjectNode json = JSON.valueToTree(event);
        assertThat(fieldNames(json)).containsExactly("schema_version", "image_key", "event_timestamp",
                "processing_timestamp", "metadata_path", "annotated_image_path", "image_width", "image_height",
                "labels", "detections");
        json.put("track_id", 12);
        ((ObjectNode) json.withArray("detections").get(0)).put("zone", "door");

        DetectionEvent read = EventJson.bind(JSON, json, DetectionEvent.class, "detection event");
        assertThat(read.schemaVersion()).isEqualTo(1);
        assertThat(read.imageKey()).isEqualTo("images/lab/a.jpg");
        assertThat(read.labels()).isEqualTo(Map.of("person", 1));
        assertThat(read.detections()).singleElement().satisfies(item -> {
            assertThat(item.label()).isEqualTo("person");
            assertThat(item.confidence()).isEqualTo(0.91);
            assertThat(item.box()).containsExactly(1, 2, 3, 4);
        });
    }

    @Test
    void textThatIsNotJsonIsMalformedSayingWhy() {
        assertThatThrownBy(() -> EventJson.object(JSON, "{not json", "image event"))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("malformed image event: not JSON (Unexpected character ('n'");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "null", "[1, 2]", "42", "\"an image\""})
    void jsonThatIsNoObjectIsNoMessage(String body) {
        assertThat(EventJson.object(JSON, body, "image event")).isEmpty();
    }

    @Test
    void aFieldOfAnotherTypeThanTheContractsIsMalformedNamingTheField() {
        ObjectNode event = EventJson.object(JSON, "{\"image_path\": \"s3://argus/images/a.jpg\", \"image_width\": "
                + "\"wide\"}", "image event").orElseThrow();
        assertThatThrownBy(() -> EventJson.bind(JSON, event, ImageEvent.class, "image event"))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("malformed image event: image_width: Cannot deserialize value of type `int`");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
