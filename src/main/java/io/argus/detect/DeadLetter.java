package io.argus.detect;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A message a flow gave up on: why, where it came from, and the original message as received. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(String flow, String reason, String failedAt, String sourceTopic, int sourcePartition,
                         long sourceOffset, String sourceKey, String originalMessage) {
}
