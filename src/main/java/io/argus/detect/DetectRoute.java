package io.argus.detect;

import io.argus.errors.FlowErrorPolicy;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Kafka image event ──► read image ──► decode ──► detect ──► annotate ──► write metadata ──► publish.
 * Each is a named step, so JMX and Hawtio show its exchanges and times. Offsets are committed after
 * the metadata is written (at-least-once; the metadata key is derived from the image key, so
 * reprocessing overwrites). A poison message goes to the dead-letter channel of the route
 * configuration; a passing failure of S3 or Kafka is redelivered and then the record is consumed again.
 */
public final class DetectRoute extends EndpointRouteBuilder {
    /** Detector time per image in ms (Prometheus), tagged with the detector that runs. */
    static final String INFERENCE_METRIC =
            "micrometer:summary:argus.detect.inference.ms?tags.detector={{argus.detect.detector}}";
    /** The detector's CPU per image on the worker's thread, in ms (Prometheus). */
    static final String INFERENCE_CPU_METRIC =
            "micrometer:summary:argus.detect.inference.cpu.ms?tags.detector={{argus.detect.detector}}";
    public static final String ROUTE_ID = "detect";
    /** The route's steps, in order: the ids of their JMX statistics. */
    public static final java.util.List<String> STEPS =
            java.util.List.of("parse-event", "read-image", "decode", "detect-objects", "annotate", "write-metadata",
                    "publish");

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
                .maxPollRecords("{{argus.detect.max-poll-records}}")
                .breakOnFirstError(true))
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                .step("parse-event")
                    .setProperty(DetectSteps.JOB, method(steps, "parseEvent"))
                .end()
                .step("read-image")
                    .bean(steps, "readImage")
                .end()
                .step("decode")
                    .bean(steps, "decode")
                .end()
                .step("detect-objects")
                    .bean(steps, "detect")
                    .setHeader(MicrometerConstants.HEADER_HISTOGRAM_VALUE, body())
                    .to(INFERENCE_METRIC)
                    .setHeader(MicrometerConstants.HEADER_HISTOGRAM_VALUE, method(steps, "inferenceCpuMs"))
                    .to(INFERENCE_CPU_METRIC)
                .end()
                .step("annotate")
                    .filter(method(steps, "annotates"))
                        .bean(steps, "annotate")
                        .to(aws2S3("{{argus.s3.bucket}}"))
                    .end()
                .end()
                .step("write-metadata")
                    .bean(steps, "metadata")
                    .to(aws2S3("{{argus.s3.bucket}}"))
                .end()
                .step("publish")
                    .bean(steps, "event")
                    .to(kafka("{{argus.kafka.detection-topic}}"))
                .end();
    }
}
