package io.argus.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.Metrics;
import io.argus.detect.DeadLetter;
import io.argus.detect.PoisonMessageException;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Detection events ──► the detections index, for the dashboard's gallery and
 * {@code /api/detections}. Its own consumer group, so it neither slows nor depends on detection; an
 * event that is not a detection event becomes a dead letter, and a passing Elasticsearch failure is
 * retried and then the record is consumed again.
 */
public final class DetectionsIndexRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "index-detections";

    private final DetectionsIndex index;
    private final ObjectMapper json;
    private final Clock clock;

    public DetectionsIndexRoute(DetectionsIndex index, ObjectMapper json, Clock clock) {
        this.index = index;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from(kafka("{{argus.kafka.detection-topic}}")
                .groupId("{{argus.kafka.detections-index-group}}")
                .autoOffsetReset("earliest")
                .breakOnFirstError(true))
                .routeId(ROUTE_ID)
                .routeConfigurationId("argus-default")
                .onException(PoisonMessageException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .process(this::deadLetter)
                    .to(kafka("{{argus.kafka.dead-letter-topic}}"))
                    .to(Metrics.deadLetter(ROUTE_ID))
                .end()
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
        index.index(event);
    }

    private void deadLetter(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setBody(json.writeValueAsString(new DeadLetter(ROUTE_ID, cause.getMessage(),
                clock.instant().toString(), exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class),
                exchange.getMessage().getHeader(KafkaConstants.PARTITION, -1, Integer.class),
                exchange.getMessage().getHeader(KafkaConstants.OFFSET, -1L, Long.class),
                exchange.getMessage().getHeader(KafkaConstants.KEY, String.class),
                exchange.getMessage().getBody(String.class))));
    }
}
