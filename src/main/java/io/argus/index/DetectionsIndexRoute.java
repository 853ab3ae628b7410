package io.argus.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.errors.FlowErrorPolicy;
import io.argus.errors.PoisonMessageException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Detection events ──► the live counts index (the counts of each image, seconds after detection) and
 * the detections index, for the dashboard's gallery and {@code /api/detections}. Its own consumer
 * group, so it neither slows nor depends on detection; an event that is not a detection event
 * becomes a dead letter, and a passing Elasticsearch failure is retried and then the record is
 * consumed again.
 */
public final class DetectionsIndexRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "index-detections";

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
                .process(this::index);
    }

    private void index(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode event;
        try {
            event = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("malformed detection event: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (event == null || !event.path("image_key").isTextual() || !event.path("event_timestamp").isTextual()) {
            throw new PoisonMessageException("malformed detection event: no image_key or event_timestamp");
        }
        // The live counts first, then the detections document that records their labels: after a failure
        // in between, the next attempt still finds the labels to delete.
        String imageKey = event.path("image_key").asText();
        LiveCountsIndex.ImageCounts counts = live.counts(imageKey, body.getBytes(StandardCharsets.UTF_8));
        live.write(counts, index.liveLabels(imageKey));
        index.index(event, counts.labels().keySet());
    }
}
