package io.argus.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One image's detection metadata as the job needs it: its event time (capture time, falling back
 * to processing time) and its detections' labels and confidences. Any JSON layout works, one line
 * or pretty-printed; anything the count would have to guess about is {@link Malformed}.
 */
public record MetadataRecord(Instant eventTime, List<Labelled> detections) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Event time first: Argus's own field, then the capture time, then when it was processed. */
    private static final List<String> TIME_FIELDS = List.of("event_timestamp", "capture_timestamp",
            "processing_timestamp");

    public record Labelled(String label, double confidence) {
    }

    /** Why a metadata object cannot be counted. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason);
        }
    }

    public static MetadataRecord parse(byte[] content) throws Malformed {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new Malformed("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new Malformed("unreadable: " + e.getMessage());
        }
        return of(root);
    }

    /** The record of metadata already read as JSON (a message that carries it, such as a detection event). */
    public static MetadataRecord of(JsonNode root) throws Malformed {
        if (root == null || !root.isObject()) {
            throw new Malformed("not a JSON object");
        }
        JsonNode detections = root.get("detections");
        if (detections == null || !detections.isArray()) {
            throw new Malformed("no detections array");
        }
        Instant time = eventTime(root);
        List<Labelled> labelled = new ArrayList<>(detections.size());
        for (int i = 0; i < detections.size(); i++) {
            JsonNode detection = detections.get(i);
            String label = detection.path("label").asText("");
            if (label.isBlank() || label.length() > 200 || label.chars().anyMatch(Character::isISOControl)) {
                throw new Malformed("detection " + i + " has no usable label");
            }
            JsonNode confidence = detection.path("confidence");
            if (!confidence.isNumber()) {
                throw new Malformed("detection " + i + " has no numeric confidence");
            }
            labelled.add(new Labelled(label, confidence.asDouble()));
        }
        return new MetadataRecord(time, labelled);
    }

    private static Instant eventTime(JsonNode root) throws Malformed {
        for (String field : TIME_FIELDS) {
            String text = root.path(field).asText("");
            if (!text.isEmpty()) {
                try {
                    return Timestamps.parse(text);
                } catch (DateTimeParseException e) {
                    throw new Malformed(field + " '" + text + "' is not a timestamp");
                }
            }
        }
        throw new Malformed("no event_timestamp, capture_timestamp or processing_timestamp");
    }
}
