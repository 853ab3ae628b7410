package io.argus.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the count job reads from a metadata object, and what it refuses. */
class MetadataRecordTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-03-01T10:15:30.123456      | 2026-03-01T10:15:30.123456Z",
            "2026-03-01T10:15:30             | 2026-03-01T10:15:30Z",
            "2026-03-01 10:15:30.5           | 2026-03-01T10:15:30.500Z",
            "2026-03-01T12:15:30.123456+02:00 | 2026-03-01T10:15:30.123456Z",
            "2026-03-01T10:15:30Z            | 2026-03-01T10:15:30Z",
            "2026-03-01T05:15:30-0500        | 2026-03-01T10:15:30Z",
            "2026-03-01T10:15                | 2026-03-01T10:15:00Z"})
    void theOriginalPipelinesTimestampFormsParseAndZonelessMeansUtc(String text, String instant) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(instant));
    }

    @Test
    void prettyPrintedMetadataUsesTheEventTimeBeforeTheProcessingTime() throws Exception {
        MetadataRecord record = MetadataRecord.parse("""
                {
                  "processing_timestamp": "2026-03-01T12:00:00.000001",
                  "event_timestamp": "2026-03-01T09:59:59Z",
                  "detections": [
                    {"label": "person", "class_id": 0, "confidence": 0.91, "box": [1, 2, 3, 4]},
                    {"label": "car", "class_id": 2, "confidence": 0.4, "box": [5, 6, 7, 8]}
                  ]
                }
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(record.eventTime()).isEqualTo(Instant.parse("2026-03-01T09:59:59Z"));
        assertThat(BucketSize.HOUR.bucketOf(record.eventTime())).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(BucketSize.DAY.bucketOf(record.eventTime())).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(record.detections()).containsExactly(new MetadataRecord.Labelled("person", 0.91),
                new MetadataRecord.Labelled("car", 0.4));
    }

    @Test
    void aMessageAlreadyReadAsJsonReadsAsItsBytesDo() throws Exception {
        String event = """
                {"image_key": "images/a.jpg", "event_timestamp": "2026-03-01T09:59:59Z",
                 "detections": [{"label": "dog", "confidence": 0.7}]}""";
        assertThat(MetadataRecord.of(new ObjectMapper().readTree(event)))
                .isEqualTo(MetadataRecord.parse(event.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new MetadataRecord(Instant.parse("2026-03-01T09:59:59Z"),
                        List.of(new MetadataRecord.Labelled("dog", 0.7))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                                     | not JSON",
            "[1, 2]                                                        | not a JSON object",
            "{\"processing_timestamp\": \"2026-03-01T10:00:00\"}         | no detections array",
            "{\"processing_timestamp\": \"soon\", \"detections\": []}   | processing_timestamp 'soon' is not a timestamp",
            "{\"detections\": []}                                        | no event_timestamp, capture_timestamp or processing_timestamp",
            "{\"processing_timestamp\": \"2026-03-01T10:00:00\", \"detections\": [{\"confidence\": 1}]} | detection 0 has no usable label",
            "{\"processing_timestamp\": \"2026-03-01T10:00:00\", \"detections\": [{\"label\": \"cat\"}]} | detection 0 has no numeric confidence"})
    void malformedMetadataIsRefusedWithTheReason(String json, String reason) {
        assertThatThrownBy(() -> MetadataRecord.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MetadataRecord.Malformed.class).hasMessageStartingWith(reason);
    }
}
