package io.argus.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * Published per processed image for real-time consumers (key: the image's S3 key): when, what was
 * found (the count of each label and every box), and where the metadata and the annotated copy
 * ({@code null} when nothing was detected) are. Fields a newer producer adds are ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DetectionEvent(int schemaVersion, String imageKey, String eventTimestamp, String processingTimestamp,
                             String metadataPath, String annotatedImagePath, int imageWidth, int imageHeight,
                             Map<String, Integer> labels, List<DetectionMetadata.Item> detections) {
    public static final int SCHEMA_VERSION = 1;
}
