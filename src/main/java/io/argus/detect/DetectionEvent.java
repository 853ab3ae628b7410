package io.argus.detect;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/** Published per processed image for real-time consumers (key: the image's S3 key). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DetectionEvent(String imageKey, String eventTimestamp, String metadataPath, Map<String, Integer> labels) {
}
