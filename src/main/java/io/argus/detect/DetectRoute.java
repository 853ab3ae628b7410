package io.argus.detect;

import io.argus.Metrics;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Kafka image events ──► S3 image ──► detector ──► S3 metadata/… (+ annotated/…) ──► Kafka detection event.
 * Offsets are committed after the metadata is written (at-least-once; the metadata key is derived
 * from the image key, so reprocessing overwrites). A poison message goes to the dead-letter topic and
 * errors/… in S3; a passing failure of S3 or Kafka is retried and then the record is consumed again.
 */
public final class DetectRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "detect";

    private final DetectSteps steps;

    public DetectRoute(DetectSteps steps) {
        this.steps = steps;
    }

    @Override
    public void configure() {
        from(kafka("{{argus.kafka.image-topic}}")
                .groupId("{{argus.kafka.detect-group}}")
                .autoOffsetReset("earliest")
                .consumersCount("{{argus.detect.in-flight}}")
                .maxPollRecords(10)
                .breakOnFirstError(true))
                .routeId(ROUTE_ID)
                .routeConfigurationId("argus-default")
                .onException(PoisonMessageException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logRetryAttempted(false)
                    .logExhausted(false)
                    .process(steps::deadLetter)
                    .to(kafka("{{argus.kafka.dead-letter-topic}}"))
                    .to(Metrics.deadLetter(ROUTE_ID))
                .end()
                .process(steps::keepOriginal)
                .process(steps::parseEvent)
                .process(steps::detect)
                .setHeader(MicrometerConstants.HEADER_HISTOGRAM_VALUE, exchangeProperty(DetectSteps.INFERENCE_MS))
                .to(Metrics.INFERENCE)
                .to(kafka("{{argus.kafka.detection-topic}}"));
    }
}
