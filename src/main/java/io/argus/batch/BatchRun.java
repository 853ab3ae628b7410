package io.argus.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One run of the batch flow, as kept in its history: when and why it ran, how it ended, what it
 * read (metadata objects and their detections), what it wrote (count lines, documents indexed and
 * removed), the malformed objects with their reasons, the time buckets it recomputed, and how
 * long the MapReduce job (both passes) and the indexing took.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchRun(String runId, String trigger, String start, String end, Status status, String mode,
                       long objectsListed, long objectsRead, long detectionsCounted, long countsOut,
                       long malformed, List<Malformed> malformedObjects, int bucketsChanged,
                       long documentsIndexed, long documentsRemoved, long documentsRejected, Boolean indexVerified,
                       long jobMillis, long indexMillis, String outputPath, String error) {

    public enum Status { SUCCEEDED, FAILED }

    /** A metadata object the job could not count, and why. */
    public record Malformed(String key, String reason) {
    }
}
