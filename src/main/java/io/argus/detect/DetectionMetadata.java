package io.argus.detect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The detection metadata of one image, stored in S3: the original pipeline's fields (the contract
 * in DESIGN.md) plus event time, detector, inference time and the annotated copy.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DetectionMetadata(String sourceImagePath, long sourceKafkaOffset, int sourceKafkaPartition,
                                String processingTimestamp, String eventTimestamp, int imageWidth, int imageHeight,
                                String modelUsed, String detector, String detectorVersion,
                                double confidenceThreshold, double nmsThreshold, double inferenceMs,
                                String annotatedImagePath, List<Item> detections) {

    /** One detection: {label, class_id, confidence, box: [x, y, w, h]}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String label, int classId, double confidence, int[] box) {
        static Item of(Detection detection) {
            return new Item(detection.label(), detection.classId(), detection.confidence(), detection.box().toArray());
        }
    }
}
