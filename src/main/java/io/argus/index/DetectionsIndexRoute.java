package io.argus.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.errors.FlowErrorPolicy;
import io.argus.errors.PoisonMessageException;
import io.argus.events.DetectionEvent;
import io.argus.events.EventJson;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Detection events ──► the live counts index (the counts of each image, seconds after detection) and
 * the detections index, for the dashboard's gallery and {@code /api/detections}. Its own consumer
 * group, so it neither slows nor depends on detection; an event that is not a detection event
 * becomes a dead letter, and a passing Elasticsearch failure is retried and then the record is
 * consumed again. Three named steps, each with its JMX statistics: parse-detection-event, live-counts,
 * detections-document.
 */
public final class DetectionsIndexRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "index-detections";
    private static final String DETECTION_EVENT = "detection event";

    private final DetectionsIndex index;
    private final LiveCountsIndex live;
    private final ObjectMapper json;

    public DetectionsIndexRoute(DetectionsIndex index, LiveCountsIndex live, ObjectMapper json) {
        this.index = index;
        this.live = live;
        this.json = json;
    }

    @Override
    public void configure() {
        from(kafka("{{argus.kafka.detection-topic}}")
                .groupId("{{argus.kafka.detections-index-group}}")
                .autoOffsetReset("earliest")
                .breakOnFirstError(true))
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                .step("parse-detection-event")
                    .process(this::parse)
                .end()
                // The live counts first, then the detections document that records their labels: after a
                // failure in between, the next attempt still finds the labels to delete.
                .step("live-counts")
                    .process(exchange -> {
                        Parsed parsed = exchange.getMessage().getBody(Parsed.class);
                        live.write(parsed.counts(), index.liveLabels(parsed.event().imageKey()));
                    })
                .end()
                .step("detections-document")
                    .process(exchange -> {
                        Parsed parsed = exchange.getMessage().getBody(Parsed.class);
                        index.index(parsed.event(), parsed.counts().labels().keySet());
                    })
                .end();
    }

    /** A detection event, and the counts the job will find for its image. */
    record Parsed(DetectionEvent event, LiveCountsIndex.ImageCounts counts) {
    }

    private void parse(Exchange exchange) {
        ObjectNode tree = EventJson.object(json, exchange.getMessage().getBody(String.class), DETECTION_EVENT)
                .filter(object -> object.path("image_key").isTextual() && object.path("event_timestamp").isTextual())
                .orElseThrow(() -> new PoisonMessageException(
                        "malformed detection event: no image_key or event_timestamp"));
        // Read once: the live counts take the tree as the job reads metadata, the detections index its record.
        LiveCountsIndex.ImageCounts counts = live.counts(tree.path("image_key").asText(), tree);
        exchange.getMessage().setBody(new Parsed(EventJson.bind(json, tree, DetectionEvent.class, DETECTION_EVENT),
                counts));
    }
}
