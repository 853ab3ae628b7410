package io.argus.errors;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The one record of a message a flow gave up on, whatever the flow (docs/operations.md, "Dead
 * letters"): published on {@code argus.kafka.dead-letter-topic} and kept under
 * {@code argus.s3.errors-prefix}.
 *
 * @param flow     the route that gave up: ingest, detect, index-detections, index, or a streaming
 *                 aggregation's route
 * @param reason   why, for a person
 * @param original the message as the flow received it (for ingest the file's path in the inbox,
 *                 for index the document Elasticsearch refused, for an aggregate document its id)
 * @param time     when, ISO-8601 UTC
 * @param attempt  the attempt that gave up, from 1
 * @param source   where the message came from: {@code kafka:<topic>/<partition>/<offset>},
 *                 {@code inbox:<path>}, {@code index:<run id>/<document id>} or
 *                 {@code aggregate:<index>/<document id>}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(String flow, String reason, String original, String time, int attempt, String source) {
}
