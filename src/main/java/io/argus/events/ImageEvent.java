package io.argus.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The image event on Kafka (key: the S3 object key). {@code image_path} and {@code upload_timestamp}
 * are the original pipeline's contract and are never removed; all times are UTC ISO-8601 with zone.
 * Fields a newer producer adds are ignored, and an original-pipeline event (those two fields only)
 * binds with the others empty.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageEvent(int schemaVersion, String imagePath, String uploadTimestamp, String s3Bucket, String s3Key,
                         String sourcePath, String captureTimestamp, String captureTimeSource, long sizeBytes,
                         String contentType, String sha256, int imageWidth, int imageHeight) {
    public static final int SCHEMA_VERSION = 1;
}
