package io.argus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Detection metadata with a known ground truth, for the batch tests and benchmark: images spread
 * over hours, several labels, the original pipeline's timestamp forms (with and without
 * microseconds and zone, space or {@code T}), some objects pretty-printed over many lines.
 */
public final class SyntheticMetadata {
    public static final List<String> LABELS = List.of("person", "car", "dog", "cat", "bicycle", "truck");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;
    private final Instant start;
    private final int hours;
    private final int maxDetections;
    /** label → hour bucket (ISO-8601) → detections. */
    private final Map<String, Map<String, Long>> truth = new TreeMap<>();

    public SyntheticMetadata(long seed, Instant start, int hours, int maxDetections) {
        this.random = new Random(seed);
        this.start = start.truncatedTo(ChronoUnit.HOURS);
        this.hours = hours;
        this.maxDetections = maxDetections;
    }

    /** The next image's metadata, at a random time within the hours. */
    public byte[] next(int index) {
        return at(index, start.plusSeconds(random.nextInt(hours * 3600)));
    }

    /** An image's metadata at a given time; its detections are added to the ground truth. */
    public byte[] at(int index, Instant time) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source_image_path", "s3://argus/images/cam-" + (index % 10) + "/img_" + index + ".jpg");
        root.put("source_kafka_offset", index);
        root.put("source_kafka_partition", index % 4);
        int form = index % 5;
        LocalDateTime utc = LocalDateTime.ofInstant(time.plusNanos(random.nextInt(1_000_000) * 1000L), ZoneOffset.UTC);
        switch (form) {
            case 0 -> root.put("event_timestamp", time.toString());
            case 1 -> root.put("processing_timestamp", utc.toString());
            case 2 -> root.put("processing_timestamp", utc.truncatedTo(ChronoUnit.SECONDS).toString());
            case 3 -> root.put("capture_timestamp", utc.atOffset(ZoneOffset.UTC).withOffsetSameInstant(
                    ZoneOffset.ofHours(2)).toString());
            default -> root.put("processing_timestamp", utc.toString().replace('T', ' '));
        }
        root.put("image_width", 640);
        root.put("image_height", 480);
        root.put("model_used", "synthetic");
        root.put("confidence_threshold", 0.5);
        root.put("nms_threshold", 0.4);
        ArrayNode detections = root.putArray("detections");
        int count = random.nextInt(maxDetections + 1);
        String bucket = time.truncatedTo(ChronoUnit.HOURS).toString();
        for (int d = 0; d < count; d++) {
            String label = LABELS.get(random.nextInt(LABELS.size()));
            ObjectNode detection = detections.addObject();
            detection.put("label", label);
            detection.put("class_id", LABELS.indexOf(label));
            detection.put("confidence", 0.5 + random.nextInt(500) / 1000.0);
            detection.putArray("box").add(10).add(20).add(30).add(40);
            truth.computeIfAbsent(label, l -> new TreeMap<>()).merge(bucket, 1L, Long::sum);
        }
        try {
            return index % 7 == 0 ? JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)
                    : JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Metadata the count must refuse, by name: each is reported with its key and reason. */
    public static Map<String, byte[]> malformed() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("not-json", "this is not JSON".getBytes(StandardCharsets.UTF_8));
        bad.put("truncated", "{\"processing_timestamp\": \"2026-03-01T10:00:00\", \"detections\": [{\"la"
                .getBytes(StandardCharsets.UTF_8));
        bad.put("no-detections", "{\"processing_timestamp\": \"2026-03-01T10:00:00\"}".getBytes(StandardCharsets.UTF_8));
        bad.put("bad-timestamp", "{\"processing_timestamp\": \"yesterday\", \"detections\": []}"
                .getBytes(StandardCharsets.UTF_8));
        bad.put("no-label", "{\"processing_timestamp\": \"2026-03-01T10:00:00\", \"detections\": [{\"confidence\": 0.9}]}"
                .getBytes(StandardCharsets.UTF_8));
        return bad;
    }

    /** label → hour bucket → detections, of everything generated so far. */
    public Map<String, Map<String, Long>> truth() {
        return truth;
    }

    public long totalDetections() {
        return truth.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }
}
