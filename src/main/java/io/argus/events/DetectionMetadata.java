package io.argus.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The detection metadata of one image, stored in S3: the original pipeline's fields (the contract
 * in DESIGN.md) plus event time, detector, inference time and the annotated copy. The count job
 * reads it as a {@link io.argus.shared.MetadataRecord}, which also takes the original pipeline's.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectionMetadata(int schemaVersion, String sourceImagePath, long sourceKafkaOffset,
                                int sourceKafkaPartition, String processingTimestamp, String eventTimestamp,
                                int imageWidth, int imageHeight, String modelUsed, String detector,
                                String detectorVersion, double confidenceThreshold, double nmsThreshold,
                                double inferenceMs, String annotatedImagePath, List<Item> detections) {
    public static final int SCHEMA_VERSION = 1;

    /** One detection: {label, class_id, confidence, box: [x, y, w, h]}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String label, int classId, double confidence, int[] box) {
    }
}
